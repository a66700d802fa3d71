import { z } from 'zod';

export const IngestChannel = z.enum(['http', 'syslog-udp', 'syslog-tcp', 'mqtt', 'file']);
export type IngestChannel = z.infer<typeof IngestChannel>;

const Counters = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  /** Taken off the wire but not stored because the pipeline was full (UDP); never acknowledged. */
  dropped: z.number().int(),
});
type Counters = z.infer<typeof Counters>;

export const IngestStatsSnapshot = z.object({
  since: z.string(),
  totals: Counters,
  channels: z.record(z.string(), Counters),
  sources: z.record(z.string(), Counters),
  writer: z.object({
    queuedEvents: z.number().int(),
    committedEvents: z.number().int(),
    commits: z.number().int(),
    failedCommits: z.number().int(),
    commitLatencyMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
  }),
});
export type IngestStatsSnapshot = z.infer<typeof IngestStatsSnapshot>;

const zero = (): Counters => ({ received: 0, accepted: 0, rejected: 0, dropped: 0 });

/** In-memory counters since start, per channel and per log source, for operators and the overview. */
export class IngestStats {
  private readonly since = new Date().toISOString();
  private readonly totals = zero();
  private readonly channels = new Map<string, Counters>();
  private readonly sources = new Map<string, Counters>();

  count(channel: IngestChannel, source: string, kind: keyof Counters, n = 1): void {
    if (n === 0) return;
    this.totals[kind] += n;
    for (const [map, key] of [
      [this.channels, channel],
      [this.sources, source],
    ] as const) {
      let counters = map.get(key);
      if (!counters) {
        counters = zero();
        map.set(key, counters);
      }
      counters[kind] += n;
    }
  }

  snapshot(writer: IngestStatsSnapshot['writer']): IngestStatsSnapshot {
    return {
      since: this.since,
      totals: { ...this.totals },
      channels: Object.fromEntries(this.channels),
      sources: Object.fromEntries(this.sources),
      writer,
    };
  }
}
