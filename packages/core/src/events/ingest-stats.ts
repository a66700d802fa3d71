import { z } from 'zod';

export const IngestChannel = z.enum(['http', 'syslog-udp', 'syslog-tcp', 'mqtt', 'file']);
export type IngestChannel = z.infer<typeof IngestChannel>;

export const IngestCounters = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  /** Taken off the wire but not stored because the pipeline was full (UDP); never acknowledged. */
  dropped: z.number().int(),
});
export type IngestCounters = z.infer<typeof IngestCounters>;

export const IngestStatsSnapshot = z.object({
  since: z.string(),
  totals: IngestCounters,
  channels: z.record(z.string(), IngestCounters),
  sources: z.record(z.string(), IngestCounters),
  writer: z.object({
    queuedEvents: z.number().int(),
    committedEvents: z.number().int(),
    commits: z.number().int(),
    failedCommits: z.number().int(),
    commitLatencyMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
  }),
});
export type IngestStatsSnapshot = z.infer<typeof IngestStatsSnapshot>;
