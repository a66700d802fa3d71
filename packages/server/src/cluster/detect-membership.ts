import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { z } from 'zod';
import { fnv1a } from './event-stream.ts';

const Heartbeat = z.object({ node: z.string().min(1), leaving: z.boolean().optional() });

/** A node is considered gone after this many heartbeat intervals without one. */
const MISSED_BEATS = 3.5;

/**
 * Which partitions a node owns among the live nodes: rendezvous (highest random weight) hashing. Every node
 * computes the same answer from the same membership, with no coordinator, and when a node joins or leaves only
 * the partitions it wins or held move.
 */
export function partitionsOwnedBy(node: string, live: readonly string[], partitions: number): number[] {
  const owned: number[] = [];
  for (let p = 0; p < partitions; p++) {
    let owner = '';
    let best = -1;
    for (const candidate of live) {
      const weight = fnv1a(`${p}/${candidate}`);
      if (weight > best || (weight === best && candidate < owner)) {
        best = weight;
        owner = candidate;
      }
    }
    if (owner === node) owned.push(p);
  }
  return owned;
}

export interface DetectMembership {
  live(): string[];
  stop(): Promise<void>;
}

/**
 * The live detect nodes, known from heartbeats on core NATS: each node announces itself every `intervalMs`, and
 * forgets a node not heard from for 3.5 intervals (one that was killed) or that said it is leaving (stopped).
 * `onChange` receives the new membership, sorted. Membership may briefly differ between nodes while one joins
 * or leaves; a partition then has two consumers for a moment, which the shared durable consumer and the unique
 * event and alert keys make harmless.
 */
export function startDetectMembership(deps: {
  connection: NatsConnection;
  subject: string;
  node: string;
  intervalMs: number;
  onChange: (live: string[]) => void;
}): DetectMembership {
  const { connection, subject, node, intervalMs, onChange } = deps;
  const seen = new Map<string, number>([[node, Date.now()]]);
  let current = [node];

  function update(): void {
    const cutoff = Date.now() - intervalMs * MISSED_BEATS;
    for (const [other, at] of seen) if (other !== node && at < cutoff) seen.delete(other);
    const live = [...seen.keys()].sort();
    if (live.join(',') !== current.join(',')) {
      current = live;
      onChange(live);
    }
  }

  const subscription: Subscription = connection.subscribe(subject, {
    callback(error, msg) {
      if (error) return;
      const beat = Heartbeat.safeParse(safeJson(msg.data));
      if (!beat.success || beat.data.node === node) return;
      if (beat.data.leaving) seen.delete(beat.data.node);
      else seen.set(beat.data.node, Date.now());
      update();
    },
  });
  const beat = () => {
    if (!connection.isClosed()) connection.publish(subject, JSON.stringify({ node }));
    seen.set(node, Date.now());
    update();
  };
  beat();
  const timer = setInterval(beat, intervalMs);

  return {
    live: () => current,
    async stop() {
      clearInterval(timer);
      subscription.unsubscribe();
      // Saying goodbye hands this node's partitions over at once, not after the missed heartbeats.
      if (!connection.isClosed()) {
        connection.publish(subject, JSON.stringify({ node, leaving: true }));
        await connection.flush().catch(() => undefined);
      }
    },
  };
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return null;
  }
}
