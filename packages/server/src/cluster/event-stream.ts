import { RateLimitedError, UnavailableError } from '@citysoc/core';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  type JetStreamClient,
  jetstreamManager,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import type { EventRow } from '../features/events/index.ts';
import type { EventSink, WriterStats } from '../features/ingest/index.ts';

/** Messages published concurrently by one sink: enough to fill the pipe to JetStream, few enough to bound memory. */
const PUBLISH_WINDOW = 64;
/**
 * Events travel in messages of up to this many events (and bytes): each message costs JetStream one write and one
 * acknowledgement, which caps one client at ~18k messages/s here, so one event per message would cap ingest there.
 */
const EVENTS_PER_MESSAGE = 200;
const BYTES_PER_MESSAGE = 256 * 1024;
const LATENCY_WINDOW = 1024;
/** A retried request is recognised by JetStream (same event ids) within this window and stored once. */
const DUPLICATE_WINDOW_MS = 2 * 60_000;

/**
 * An event as it travels from an ingest node to a detect node: the row ingest would have stored. Parsed on
 * arrival like every other boundary, so a foreign or corrupt message is refused instead of stored.
 */
export const StreamedEvent = z.strictObject({
  id: z.string().min(1),
  ts: z.string(),
  ingested: z.string(),
  source: z.string(),
  department_id: z.string().nullable().default(null),
  category: z.string().nullable().default(null),
  host_name: z.string().nullable().default(null),
  source_ip: z.string().nullable().default(null),
  destination_ip: z.string().nullable().default(null),
  user_name: z.string().nullable().default(null),
  asset_id: z.string().nullable().default(null),
  document: z.string(),
  original: z.string().nullable().default(null),
  raw: z.string().nullable().default(null),
});
export type StreamedEvent = z.infer<typeof StreamedEvent>;

/** A message of the event stream: events of one partition, as a JSON array (a lone object is one event). */
export const StreamedMessage = z.union([z.array(StreamedEvent).min(1), StreamedEvent.transform((event) => [event])]);

/** Events of one partition packed into messages, in their order: `body` is the JSON array of the events. */
export function packStreamMessages(
  rows: readonly EventRow[],
  partitions: number,
): { partition: number; id: string; count: number; body: string }[] {
  const byPartition = new Map<number, EventRow[]>();
  for (const row of rows) {
    const partition = partitionOf(row, partitions);
    let group = byPartition.get(partition);
    if (!group) byPartition.set(partition, (group = []));
    group.push(row);
  }
  const messages: { partition: number; id: string; count: number; body: string }[] = [];
  for (const [partition, group] of byPartition) {
    let parts: string[] = [];
    let bytes = 0;
    let first = '';
    const flush = () => {
      if (parts.length === 0) return;
      // Same events, same id: JetStream drops a publication it already holds (a retry after a lost PubAck).
      messages.push({ partition, id: `${first}+${parts.length}`, count: parts.length, body: `[${parts.join(',')}]` });
      parts = [];
      bytes = 0;
    };
    for (const row of group) {
      const event: StreamedEvent = StreamedEvent.parse(row);
      const json = JSON.stringify(event);
      if (parts.length >= EVENTS_PER_MESSAGE || (parts.length > 0 && bytes + json.length > BYTES_PER_MESSAGE)) flush();
      if (parts.length === 0) first = event.id;
      parts.push(json);
      bytes += json.length + 1;
    }
    flush();
  }
  return messages;
}

/** Names of one installation's stream objects, all derived from the bus prefix. */
export interface EventStreamNames {
  stream: string;
  /** `<prefix>.events.<partition>` */
  subject(partition: number): string;
  /** Every partition's subject. */
  allSubjects: string;
  /** The durable consumer of one partition: consumed by the detect node that owns the partition. */
  detectConsumer(partition: number): string;
  /** Where detect nodes announce that they are alive (core NATS, not the stream). */
  heartbeats: string;
}

export function eventStreamNames(prefix: string): EventStreamNames {
  return {
    stream: `${prefix}_events`,
    subject: (partition) => `${prefix}.events.${partition}`,
    allSubjects: `${prefix}.events.*`,
    detectConsumer: (partition) => `${prefix}_detect_p${partition}`,
    heartbeats: `${prefix}.detect.heartbeat`,
  };
}

/** FNV-1a: fast, stable across processes and versions (unlike anything seeded), and spreads host names well. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The partition of an event: by the inventoried asset it was enriched with, else the host it came from (host
 * name, else source address), so one device's events stay in one partition, in order, whichever way it reports
 * (syslog under its host name, telemetry under its device id). Events that name no host go by log source.
 */
export function partitionOf(row: Pick<EventRow, 'host_name' | 'source_ip' | 'asset_id' | 'source'>, n: number) {
  const key = row.asset_id ?? row.host_name ?? row.source_ip ?? row.source;
  return fnv1a(key) % n;
}

/** The partition that carries an inventoried asset's events (see `partitionOf`). */
export function partitionOfAsset(assetId: string, n: number): number {
  return fnv1a(assetId) % n;
}

export interface EventStreamOptions {
  prefix: string;
  partitions: number;
  /** How long a detect node may hold events unacknowledged before they are delivered to another node. */
  ackWaitMs: number;
  maxQueuedEvents: number;
  /** Whether the NATS connection is up: while it is not, the sink refuses at once instead of timing out. */
  connected: () => boolean;
}

export interface EventStream {
  readonly names: EventStreamNames;
  readonly partitions: number;
  readonly connection: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** The ingest side: publish accepted events, resolve once JetStream has acknowledged every one. */
  createSink(onPublished?: (events: number, ms: number) => void): EventSink;
  /** Events stored in the stream and not yet acknowledged by a detect node (delivered or not), per consumer. */
  lag(): Promise<Record<string, number>>;
}

/**
 * Opens (creating when missing) the installation's event stream and one durable consumer per partition.
 * Work-queue retention: an event leaves the stream once a detect node acknowledged it, i.e. once it is committed
 * to the event store, so the stream holds exactly the events not yet stored. File storage: a PubAck means the
 * event is on the NATS server's disk.
 */
export async function openEventStream(connection: NatsConnection, options: EventStreamOptions): Promise<EventStream> {
  const names = eventStreamNames(options.prefix);
  const jsm = await jetstreamManager(connection);
  const js = jetstream(connection);
  const config = {
    name: names.stream,
    subjects: [names.allSubjects],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
  try {
    await jsm.streams.info(names.stream);
  } catch {
    await jsm.streams.add(config).catch(async (error: unknown) => {
      // Another node created it between our look and our add.
      await jsm.streams.info(names.stream).catch(() => Promise.reject(error));
    });
  }
  for (let partition = 0; partition < options.partitions; partition++) {
    await jsm.consumers.add(names.stream, {
      durable_name: names.detectConsumer(partition),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(options.ackWaitMs),
      max_ack_pending: 20_000,
      filter_subject: names.subject(partition),
    });
  }

  return {
    names,
    partitions: options.partitions,
    connection,
    js,
    jsm,
    createSink: (onPublished) => createStreamSink(js, names, options, onPublished),
    async lag() {
      const lag: Record<string, number> = {};
      for (let partition = 0; partition < options.partitions; partition++) {
        const name = names.detectConsumer(partition);
        const info = await jsm.consumers.info(names.stream, name);
        lag[name] = info.num_pending + info.num_ack_pending;
      }
      return lag;
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * The cluster mode's EventSink: events packed per partition into messages (`packStreamMessages`), whose id
 * names their events, so JetStream drops a publication it already holds (a retry after a lost PubAck). When the stream cannot acknowledge (NATS down, stream full) `submit`
 * fails with UnavailableError and the sender is not acknowledged: it retries, and nothing is acknowledged
 * that is not in the stream. Events of a failed request that did reach the stream stay there (at least once).
 */
function createStreamSink(
  js: JetStreamClient,
  names: EventStreamNames,
  options: EventStreamOptions,
  onPublished?: (events: number, ms: number) => void,
): EventSink {
  let queued = 0;
  let published = 0;
  let batches = 0;
  let failed = 0;
  let closed = false;
  const inFlight = new Set<Promise<void>>();
  const latencies: number[] = [];

  async function publishAll(rows: readonly EventRow[]): Promise<void> {
    const messages = packStreamMessages(rows, options.partitions);
    for (let start = 0; start < messages.length; start += PUBLISH_WINDOW) {
      await Promise.all(
        messages
          .slice(start, start + PUBLISH_WINDOW)
          .map((message) => js.publish(names.subject(message.partition), message.body, { msgID: message.id })),
      );
    }
  }

  return {
    isFull: (count = 1) => queued > 0 && queued + count > options.maxQueuedEvents,
    async submit(rows) {
      if (closed) throw new UnavailableError('The event stream is shutting down');
      if (rows.length === 0) return;
      if (!options.connected()) throw new UnavailableError('The event stream is unreachable (NATS disconnected)');
      if (queued > 0 && queued + rows.length > options.maxQueuedEvents) {
        throw new RateLimitedError('The ingest queue is full; retry shortly', 1);
      }
      queued += rows.length;
      const started = performance.now();
      const run = publishAll(rows);
      const tracked = run.catch(() => undefined);
      inFlight.add(tracked);
      try {
        await run;
      } catch (error) {
        failed += 1;
        throw new UnavailableError(
          `The event stream did not acknowledge the events: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        queued -= rows.length;
        inFlight.delete(tracked);
      }
      const ms = performance.now() - started;
      latencies.push(Math.round(ms * 100) / 100);
      if (latencies.length > LATENCY_WINDOW) latencies.shift();
      published += rows.length;
      batches += 1;
      onPublished?.(rows.length, ms);
    },
    stats(): WriterStats {
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        queuedEvents: queued,
        committedEvents: published,
        commits: batches,
        failedCommits: failed,
        commitLatencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
      };
    },
    async close() {
      closed = true;
      await Promise.all(inFlight);
    },
  };
}
