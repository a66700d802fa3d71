import { RateLimitedError, UnavailableError } from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import { appendEvents, type EventRow } from '../events/index.ts';

export interface EventWriterOptions {
  /** Events waiting for commit across all submitters; beyond it submissions are refused (backpressure). */
  maxQueuedEvents: number;
  /** Largest group commit. */
  maxBatchEvents: number;
}

interface Pending {
  rows: readonly EventRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface WriterStats {
  queuedEvents: number;
  committedEvents: number;
  commits: number;
  failedCommits: number;
  commitLatencyMs: { p50: number; p99: number; max: number };
}

/**
 * Where ingest hands accepted events, and what makes an acknowledgement safe: `submit` resolves only once the
 * events are durable. The embedded mode's EventWriter commits them to the event store; the cluster mode's
 * stream sink has them acknowledged by JetStream. Both refuse with RateLimitedError when their bound is reached.
 */
export interface EventSink {
  submit(rows: readonly EventRow[]): Promise<void>;
  isFull(count?: number): boolean;
  stats(): WriterStats;
  close(): Promise<void>;
}

const LATENCY_WINDOW = 1024;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * The single writer of the event store, with group commit: submissions that arrive while a commit runs
 * are committed together in the next transaction. `submit` resolves only after the transaction holding
 * its events has committed, which is what lets every ingest channel acknowledge only durable events.
 * The queue is bounded: when it is full, `submit` throws RateLimitedError at once instead of growing.
 */
export class EventWriter implements EventSink {
  private readonly pending: Pending[] = [];
  private queued = 0;
  private running: Promise<void> | null = null;
  private closed = false;
  private committed = 0;
  private commits = 0;
  private failed = 0;
  private readonly latencies: number[] = [];

  constructor(
    private readonly store: Store,
    private readonly options: EventWriterOptions,
    /** Told after each commit, with how long the transaction took. */
    private readonly onCommitted: (rows: readonly EventRow[], ms: number) => void = () => undefined,
  ) {}

  submit(rows: readonly EventRow[]): Promise<void> {
    if (this.closed) return Promise.reject(new UnavailableError('The event store is shutting down'));
    if (rows.length === 0) return Promise.resolve();
    // A submission larger than the whole queue is still taken when the queue is empty, so one big (but
    // body-size-limited) request cannot be refused forever.
    if (this.queued > 0 && this.queued + rows.length > this.options.maxQueuedEvents) {
      return Promise.reject(new RateLimitedError('The ingest queue is full; retry shortly', 1));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ rows, resolve, reject });
      this.queued += rows.length;
      this.running ??= this.drain().finally(() => {
        this.running = null;
      });
    });
  }

  /** Whether a submission of `count` events would be refused right now (for channels that pause instead). */
  isFull(count = 1): boolean {
    return this.queued > 0 && this.queued + count > this.options.maxQueuedEvents;
  }

  stats(): WriterStats {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      queuedEvents: this.queued,
      committedEvents: this.committed,
      commits: this.commits,
      failedCommits: this.failed,
      commitLatencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
    };
  }

  /** Stops taking events and waits until everything already taken is committed. */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    // Yield once so submissions made in the same tick join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch: Pending[] = [];
      let size = 0;
      while (
        this.pending.length > 0 &&
        (batch.length === 0 || size + (this.pending[0] as Pending).rows.length <= this.options.maxBatchEvents)
      ) {
        const next = this.pending.shift() as Pending;
        batch.push(next);
        size += next.rows.length;
      }
      const rows = batch.flatMap((p) => p.rows);
      const started = performance.now();
      try {
        await appendEvents(this.store, rows);
        const ms = performance.now() - started;
        this.recordLatency(ms);
        this.committed += rows.length;
        this.commits += 1;
        this.queued -= size;
        this.onCommitted(rows, ms);
        for (const p of batch) p.resolve();
      } catch (error) {
        this.failed += 1;
        this.queued -= size;
        for (const p of batch) p.reject(error);
      }
    }
  }

  private recordLatency(ms: number): void {
    this.latencies.push(Math.round(ms * 100) / 100);
    if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift();
  }
}
