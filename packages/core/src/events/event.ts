import { z } from 'zod';

/** An event as the store returns it: the normalised ECS document plus what it was made from. */
export const StoredEvent = z.object({
  id: z.string(),
  seq: z.number().int(),
  timestamp: z.string(),
  ingested: z.string(),
  source: z.string(),
  departmentId: z.string().nullable(),
  document: z.record(z.string(), z.unknown()),
  original: z.record(z.string(), z.unknown()).nullable(),
  raw: z.string(),
});
export type StoredEvent = z.infer<typeof StoredEvent>;

/** Query parameters of `GET /api/events`; times are ISO-8601 or relative to now (`-15m`, `-24h`, `-7d`). */
export const EventSearchRequest = z.strictObject({
  query: z.string().max(4096).default(''),
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(512).optional(),
});
export type EventSearchRequest = z.infer<typeof EventSearchRequest>;

export const EventSearchResult = z.object({
  events: z.array(StoredEvent),
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
  tookMs: z.number(),
});
export type EventSearchResult = z.infer<typeof EventSearchResult>;

export const EventHistogram = z.object({
  interval: z.enum(['minute', 'hour', 'day']),
  buckets: z.array(z.object({ start: z.string(), count: z.number().int() })),
});
export type EventHistogram = z.infer<typeof EventHistogram>;

/** Input that was refused, kept for inspection (`GET /api/ingest/rejections`). `sample` is attacker-controlled. */
export const IngestRejection = z.object({
  seq: z.number().int(),
  at: z.string(),
  channel: z.string(),
  source: z.string().nullable(),
  departmentId: z.string().nullable(),
  reason: z.string(),
  sample: z.string(),
});
export type IngestRejection = z.infer<typeof IngestRejection>;

export const IngestResult = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type IngestResult = z.infer<typeof IngestResult>;
