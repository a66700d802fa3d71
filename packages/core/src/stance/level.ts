import { z } from 'zod';

/** A stance level: 1 (normal) to 5 (severe). One for the city and one per department. */
export const StanceLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type StanceLevel = z.infer<typeof StanceLevel>;

export const MIN_STANCE_LEVEL = 1 satisfies StanceLevel;
export const MAX_STANCE_LEVEL = 5 satisfies StanceLevel;

/** The name of each level, for reasons, notifications and the dashboard. Policies carry their own titles. */
export const STANCE_LEVEL_NAMES: Readonly<Record<StanceLevel, string>> = {
  1: 'Normal',
  2: 'Guarded',
  3: 'Elevated',
  4: 'High',
  5: 'Severe',
};

/** Clamps an integer into 1..5; the only place a number becomes a `StanceLevel` without parsing. */
export function toStanceLevel(n: number): StanceLevel {
  const clamped = Math.min(MAX_STANCE_LEVEL, Math.max(MIN_STANCE_LEVEL, Math.trunc(n)));
  return StanceLevel.parse(clamped);
}

/**
 * Why the level is what it is. `kind` says where the reason comes from: a signal rule (`level` is the minimum
 * that rule demands), the baseline (no rule fired), hysteresis (`level` is the level being held) or a manual
 * override (`level` is the override's). `code` is stable for filters and translations; `text` is for people.
 */
export const StanceReason = z.object({
  code: z.string().min(1),
  kind: z.enum(['signal', 'baseline', 'hysteresis', 'override']),
  level: StanceLevel,
  text: z.string().min(1),
});
export type StanceReason = z.infer<typeof StanceReason>;
