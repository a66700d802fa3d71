import { randomUUID } from 'node:crypto';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { DetectionService } from '../features/detection/index.ts';
import { storeEventsOnce } from '../features/events/index.ts';
import type { Bus } from '../platform/bus/bus.ts';
import type { Logger } from '../platform/log.ts';
import { partitionsOwnedBy, startDetectMembership } from './detect-membership.ts';
import { type EventStream, partitionOfAsset, type StreamedEvent, StreamedMessage } from './event-stream.ts';

/** Wait before a failed batch is delivered again (the database may be restarting). */
const RETRY_DELAY_MS = 1000;
/** How long a partial batch waits for more events before it is stored. */
const FLUSH_AFTER_MS = 20;
const HEARTBEAT_MS = 1000;
/**
 * Messages a partition's consumer buffers. A message holds up to 200 events, so this bounds memory at ~6,400
 * events per owned partition while keeping batches large; a trickle of one-event messages is stored as it comes.
 */
const CONSUME_MESSAGES = 32;
/** How often detectors are asked for alerts due by the clock (silence), as the embedded mode's idle poll. */
const DUE_EVERY_MS = 1000;

export interface StreamDetection {
  /** Events this node stored since start (redelivered events already stored by a node are not counted again). */
  storedEvents(): number;
  /** The partitions this node consumes now. */
  owned(): number[];
  stop(): Promise<void>;
}

/**
 * A detect node's side of the event stream. Each partition has its own durable consumer, and each partition is
 * consumed by one live detect node (rendezvous hashing over the membership, detect-membership.ts), so one node
 * sees all of a host's events, in order, and its correlation windows hold that host's history. When a node joins
 * or leaves, partitions move, and the receiving node rebuilds its windows from the event store.
 *
 * Per batch: store the events and run detection in one transaction, and acknowledge the batch to JetStream only
 * after that commit. A node that dies before acknowledging has its events delivered again after the ack wait, to
 * the partition's new owner; they are stored once (unique event id) and alert once (unique rule and event).
 * Batches of one node are processed one at a time, in the order their events were stored, as the correlation
 * windows require. Messages are batched as they arrive: a batch is stored when it is full or when nothing more
 * is waiting, so a trickle is not held back and a flood is stored in large commits.
 */
/** A delivered message and its events. */
interface Received {
  msg: JsMsg;
  events: StreamedEvent[];
}

export async function startStreamDetection(deps: {
  stream: EventStream;
  detection: DetectionService;
  bus: Bus;
  log: Logger;
  maxBatchEvents: number;
  /** Told after each committed batch: events in it and milliseconds the transaction took. */
  onCommit?: (events: number, ms: number) => void;
}): Promise<StreamDetection> {
  const { stream, detection, bus, log, maxBatchEvents } = deps;
  const node = randomUUID();
  let stored = 0;
  let stopping = false;
  /** The running consumer of each owned partition. */
  const consuming = new Map<number, { messages: ConsumerMessages | null; stopped: boolean; loop: Promise<void> }>();
  let serial: Promise<unknown> = Promise.resolve();

  function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const next = serial.then(work);
    serial = next.catch(() => undefined);
    return next;
  }

  /** A message's events, or null (and the message removed) when it is not a message of this stream. */
  function eventsOf(msg: JsMsg): StreamedEvent[] | null {
    const parsed = StreamedMessage.safeParse(safeJson(msg));
    if (parsed.success) return parsed.data;
    // Delivering it again cannot make it valid: logged, and removed from the stream.
    log.error({ subject: msg.subject, seq: msg.seq }, 'refused a malformed message on the event stream');
    msg.term();
    return null;
  }

  async function processBatch(batch: readonly Received[]): Promise<void> {
    const rows = batch.flatMap((received) => received.events);
    const taken = batch.map((received) => received.msg);
    if (rows.length === 0) return;
    const started = performance.now();
    let inserted = 0;
    try {
      await detection.detectStreamed(async (trx, copy) => {
        const stored = await storeEventsOnce(trx, copy, rows);
        inserted = stored.length;
        return stored;
      });
    } catch (error) {
      log.error({ err: error, events: rows.length }, 'storing a batch from the event stream failed; it is redelivered');
      for (const msg of taken) msg.nak(RETRY_DELAY_MS);
      return;
    }
    for (const msg of taken) msg.ack();
    stored += inserted;
    deps.onCommit?.(rows.length, performance.now() - started);
    if (inserted > 0) await bus.publish('events.committed', { count: inserted }).catch(() => undefined);
  }

  async function consume(partition: number, state: { messages: ConsumerMessages | null; stopped: boolean }) {
    const consumer = await stream.js.consumers.get(stream.names.stream, stream.names.detectConsumer(partition));
    while (!state.stopped) {
      try {
        // About one batch on the way: events wait in this node's buffer as briefly as possible, as their ack
        // wait runs from delivery.
        state.messages = await consumer.consume({ max_messages: CONSUME_MESSAGES });
        if (state.stopped) await state.messages.close();
        const iterator = state.messages[Symbol.asyncIterator]();
        let next = iterator.next();
        const batch: Received[] = [];
        let batchEvents = 0;
        const flush = () => {
          batchEvents = 0;
          return oneAtATime(() => processBatch(batch.splice(0)));
        };
        for (;;) {
          // With events in hand, wait only briefly for more.
          const result = batch.length === 0 ? await next : await firstOf(next, FLUSH_AFTER_MS);
          if (result === null || result.done === true) {
            if (batch.length > 0) await flush();
            if (result === null) continue;
            break;
          }
          const msg = result.value;
          next = iterator.next();
          const events = eventsOf(msg);
          if (events === null) continue;
          batch.push({ msg, events });
          batchEvents += events.length;
          if (batchEvents >= maxBatchEvents || msg.info.pending === 0) await flush();
        }
      } catch (error) {
        if (state.stopped) return;
        log.error({ err: error, partition }, 'event stream consumer failed; restarting it');
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }

  function assign(live: readonly string[]): void {
    if (stopping) return;
    const owned = new Set(partitionsOwnedBy(node, live, stream.partitions));
    let gained = false;
    for (const [partition, state] of consuming) {
      if (owned.has(partition)) continue;
      state.stopped = true;
      void state.messages?.close();
      consuming.delete(partition);
    }
    for (const partition of owned) {
      if (consuming.has(partition)) continue;
      gained = true;
      const state = { messages: null as ConsumerMessages | null, stopped: false, loop: Promise.resolve() };
      state.loop = consume(partition, state);
      consuming.set(partition, state);
    }
    // The windows miss what the previous owner stored: rebuilt from the store before the next batch.
    if (gained) detection.resetCorrelation();
    // Device silence is judged by the node that receives the device's events: those of its partitions.
    detection.scopeAssets((assetId) => owned.has(partitionOfAsset(assetId, stream.partitions)));
    log.info({ node, live: live.length, partitions: [...owned].sort((a, b) => a - b) }, 'detect partitions assigned');
  }

  const membership = startDetectMembership({
    connection: stream.connection,
    subject: stream.names.heartbeats,
    node,
    intervalMs: HEARTBEAT_MS,
    onChange: (live) => {
      if (settled) assign(live);
    },
  });
  // Hear the other nodes' heartbeats before taking partitions, so a node joining a running cluster does not
  // take every partition for a moment.
  let settled = false;
  await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 1.2));
  settled = true;
  assign(membership.live());
  // Silence and overdue backups are judged with the clock, not with events: asked between batches too.
  const dueTimer = setInterval(() => {
    void oneAtATime(() => detection.raiseDue()).catch((error: unknown) =>
      log.error({ err: error }, 'raising time-driven alerts failed'),
    );
  }, DUE_EVERY_MS);
  dueTimer.unref();

  return {
    storedEvents: () => stored,
    owned: () => [...consuming.keys()].sort((a, b) => a - b),
    async stop() {
      stopping = true;
      clearInterval(dueTimer);
      await membership.stop();
      const states = [...consuming.values()];
      consuming.clear();
      for (const state of states) {
        state.stopped = true;
        await state.messages?.close();
      }
      await Promise.all(states.map((state) => state.loop));
    },
  };
}

function safeJson(msg: JsMsg): unknown {
  try {
    return msg.json<unknown>();
  } catch {
    return null;
  }
}

/** The promise's result, or null when it takes longer than `ms` (the promise stays usable). */
async function firstOf<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
