import {
  type EnrichmentIndex,
  InputError,
  RateLimitedError,
  type IngestChannel,
  type IngestRejection,
  type IngestResult,
  type IngestStatsSnapshot,
  type LogSourceSet,
  type Principal,
  requirePermission,
} from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { type EventSink, EventWriter } from './event-writer.ts';
import { insertRejections, listRejections, pruneRejections } from './ingest-rejections.repository.ts';
import { IngestStats } from './ingest-stats.ts';
import type { NormalisedBatch } from './normalise-batch.ts';
import type { Normaliser } from './normaliser-pool.ts';

export interface IngestOptions {
  maxQueuedEvents: number;
  maxBatchEvents: number;
  /** Longest accepted single event (raw bytes); longer ones are rejected with a reason. */
  maxEventBytes: number;
}

/** Where a batch came from; the department of a department-scoped token is stamped on its events. */
export interface IngestContext {
  channel: IngestChannel;
  /** Log-source name to parse with; auto-detection when absent. */
  source?: string;
  departmentId: string | null;
  /** 'ndjson': every text record must be one JSON object; 'lines': any text, auto-detected. */
  format: 'ndjson' | 'lines';
  /** Facts about the transport kept under `citysoc.*`, e.g. `{ mqtt_topic: 'city/water/pump-7' }`. */
  attributes?: Readonly<Record<string, string>>;
}

/** One unit of input: a line of text, or an object already parsed from a JSON array or object body. */
export type IngestRecord = string | Record<string, unknown>;

export interface IngestService {
  /** Normalises, stores and resolves after commit. Throws RateLimitedError when the queue is full. */
  ingest(context: IngestContext, records: readonly IngestRecord[]): Promise<IngestResult>;
  /**
   * As `ingest`, but waits while the queue is full instead of refusing: for channels that can hold their
   * sender back (a paused TCP connection, an unacknowledged MQTT message) rather than answer 429.
   */
  ingestWhenReady(context: IngestContext, records: readonly IngestRecord[]): Promise<IngestResult>;
  /** Checks that the principal may ingest and returns the department its events belong to. */
  authorise(principal: Principal): { departmentId: string | null };
  /** Counts input lost before it could be taken (UDP datagrams while full). */
  countDropped(channel: IngestChannel, n: number): void;
  /** Counts and samples input a channel refused before parsing (e.g. an oversized syslog frame). */
  countRejected(channel: IngestChannel, n: number, reason: string): void;
  isFull(count?: number): boolean;
  stats(): IngestStatsSnapshot;
  rejections(principal: Principal, limit: number): Promise<IngestRejection[]>;
  /** Replaces the asset lookups events are enriched with (the inventory calls this after each change). */
  setEnrichment(index: EnrichmentIndex): void;
  /**
   * Receives, after each committed batch, the device ids, host names and addresses events named that match no
   * asset: asset discovery listens here. Errors thrown by the listener are logged, never fail ingest.
   */
  onUnmatched(listener: (identifiers: UnmatchedIdentifiers) => void | Promise<void>): void;
  close(): Promise<void>;
}

export type UnmatchedIdentifiers = NormalisedBatch['unmatched'];

const SAMPLE_BYTES = 2048;
const FULL_QUEUE_RETRY_MS = 50;
const KEPT_REJECTIONS = 10_000;

export function createIngestService(deps: {
  store: Store;
  log: Logger;
  logSources: LogSourceSet;
  normaliser: Normaliser;
  /** Told after every commit, so consumers (detection) read new events without polling. */
  bus: Bus;
  options: IngestOptions;
  now?: () => Date;
  /** Told after every group commit: events in it and milliseconds it took (the metrics' histogram). */
  onCommit?: (events: number, ms: number) => void;
  /**
   * Cluster mode: where accepted events go instead of the local event store (the JetStream event stream). Its
   * `submit` must resolve only once they are durable, since ingest acknowledges the sender after it.
   */
  sink?: EventSink;
}): IngestService {
  const { store, log, logSources, normaliser, options, bus } = deps;
  const now = deps.now ?? (() => new Date());
  const stats = new IngestStats();
  const writer: EventSink =
    deps.sink ??
    new EventWriter(store, options, (rows, ms) => {
      deps.onCommit?.(rows.length, ms);
      void bus.publish('events.committed', { count: rows.length });
    });
  let rejectionsSinceMark = 0;
  let unmatchedListener: ((identifiers: UnmatchedIdentifiers) => void | Promise<void>) | null = null;

  async function keepRejections(context: IngestContext, rejected: { record: IngestRecord; reason: string }[]) {
    const at = now().toISOString();
    try {
      await insertRejections(
        store.db,
        rejected.slice(0, 100).map(({ record, reason }) => ({
          at,
          channel: context.channel,
          source: context.source ?? null,
          department_id: context.departmentId,
          reason,
          sample: (typeof record === 'string' ? record : JSON.stringify(record)).slice(0, SAMPLE_BYTES),
        })),
      );
      rejectionsSinceMark += rejected.length;
      if (rejectionsSinceMark > KEPT_REJECTIONS / 10) {
        rejectionsSinceMark = 0;
        await pruneRejections(store.db, KEPT_REJECTIONS);
      }
    } catch (error) {
      // The counters already hold the rejection; losing a sample must not fail the accepted events.
      log.error({ err: error }, 'could not keep rejected input samples');
    }
  }

  return {
    authorise(principal) {
      requirePermission(principal, 'events.ingest');
      const scope = principal.departments;
      if (scope.all) return { departmentId: null };
      if (scope.ids.length === 1) return { departmentId: scope.ids[0] as string };
      throw new InputError('An ingest token must be city-wide or belong to exactly one department');
    },

    async ingest(context, records) {
      if (context.source !== undefined && !logSources.names.includes(context.source)) {
        throw new InputError(`Unknown log source '${context.source}'; known: ${logSources.names.join(', ')}`);
      }
      const ingested = now().toISOString();
      const { rows, rejected: refusedAt, unmatched } = await normaliser.normalise(context, records, ingested);
      const errors = refusedAt.map(({ index, reason }) => ({ line: index + 1, reason }));
      const rejected = refusedAt.map(({ index, reason }) => ({ record: records[index] as IngestRecord, reason }));
      const unparsed = context.source ?? 'unparsed';
      stats.count(context.channel, unparsed, 'received', rejected.length);
      stats.count(context.channel, unparsed, 'rejected', rejected.length);
      if (rejected.length > 0) void keepRejections(context, rejected);
      const perSource = new Map<string, number>();
      for (const row of rows) perSource.set(row.source, (perSource.get(row.source) ?? 0) + 1);
      for (const [source, n] of perSource) stats.count(context.channel, source, 'received', n);
      await writer.submit(rows);
      for (const [source, n] of perSource) stats.count(context.channel, source, 'accepted', n);
      if (unmatched.length > 0 && unmatchedListener) {
        Promise.resolve()
          .then(() => unmatchedListener?.(unmatched))
          .catch((error: unknown) => log.error({ err: error }, 'asset discovery failed for a batch'));
      }
      return { accepted: rows.length, rejected: rejected.length, errors: errors.slice(0, 100) };
    },

    async ingestWhenReady(context, records) {
      for (;;) {
        try {
          return await this.ingest(context, records);
        } catch (error) {
          if (!(error instanceof RateLimitedError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, FULL_QUEUE_RETRY_MS));
        }
      }
    },

    countDropped(channel, n) {
      stats.count(channel, 'unparsed', 'received', n);
      stats.count(channel, 'unparsed', 'dropped', n);
    },

    countRejected(channel, n, reason) {
      stats.count(channel, 'unparsed', 'received', n);
      stats.count(channel, 'unparsed', 'rejected', n);
      void keepRejections({ channel, departmentId: null, format: 'lines' }, [{ record: '', reason }]);
    },

    isFull: (count) => writer.isFull(count),

    stats: () => stats.snapshot(writer.stats()),

    async rejections(principal, limit) {
      requirePermission(principal, 'events.read');
      const rows = await listRejections(store.db, principal.departments, limit);
      return rows.map(({ department_id, ...row }) => ({ ...row, departmentId: department_id }));
    },

    setEnrichment: (index) => normaliser.setEnrichment(index),

    onUnmatched(listener) {
      unmatchedListener = listener;
    },

    async close() {
      await writer.close();
      await normaliser.close();
    },
  };
}
