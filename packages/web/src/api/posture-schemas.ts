import { Control, PostureDirection } from '@citysoc/core';
import { z } from 'zod';

/**
 * The posture API's answer schemas. Core states the report as TypeScript interfaces (`PostureReport` in
 * core's posture/score.ts); they are restated here as zod so that every answer is checked before a page
 * shows it. The catalogue is core's own `Control` schema.
 */

export const ResultStatus = z.enum(['pass', 'fail', 'stale', 'missing']);
export type ResultStatus = z.infer<typeof ResultStatus>;
export const GapStatus = z.enum(['fail', 'stale', 'missing']);
export type GapStatus = z.infer<typeof GapStatus>;

/** 0–100; null where no control applies. */
const Score = z.number().nullable();

export const DirectionScores = z.object({
  physical: Score,
  system: Score,
  network: Score,
  data_application: Score,
  management: Score,
}) satisfies z.ZodType<Record<PostureDirection, number | null>>;
export type DirectionScores = z.infer<typeof DirectionScores>;

export const PostureScore = z.object({
  score: Score,
  directions: DirectionScores,
  results: z.number(),
  passing: z.number(),
});
export type PostureScore = z.infer<typeof PostureScore>;

export const ScopedScore = PostureScore.extend({ id: z.string() });
export type ScopedScore = z.infer<typeof ScopedScore>;

export const PostureGap = z.object({
  control: z.string(),
  title: z.string(),
  direction: PostureDirection,
  target: z.object({ kind: z.enum(['asset', 'department']), id: z.string() }),
  department: z.string(),
  status: GapStatus,
  reason: z.string(),
  since: z.string(),
});
export type PostureGap = z.infer<typeof PostureGap>;

export const PostureReport = z.object({
  evaluated_at: z.string(),
  city: PostureScore,
  departments: z.array(ScopedScore),
  services: z.array(ScopedScore),
  gaps: z.array(PostureGap),
});
export type PostureReport = z.infer<typeof PostureReport>;

/** An hourly snapshot: `scope` is `city` or a department id. */
export const PostureTrendPoint = z.object({
  scope: z.string(),
  at: z.string(),
  score: Score,
  directions: z.record(z.string(), Score),
});
export type PostureTrendPoint = z.infer<typeof PostureTrendPoint>;

/** `GET /api/posture/controls/summary`: how many targets of each control pass and fail. */
export const ControlSummary = z.object({
  control: z.string(),
  pass: z.number(),
  fail: z.number(),
  stale: z.number(),
  missing: z.number(),
  total: z.number(),
});
export type ControlSummary = z.infer<typeof ControlSummary>;

export const PostureControl = Control;
export type PostureControl = Control;

/** What `POST /api/posture/attestations` takes: `until` is `YYYY-MM-DD`, the note at least 10 characters. */
export interface AttestationRequest {
  readonly control: string;
  /** An asset id, or a department id for department-level controls. */
  readonly target: string;
  readonly until: string;
  readonly note: string;
}
