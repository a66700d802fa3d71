import { z } from 'zod';
import { DepartmentId } from '../departments.ts';
import { StanceOverride, type StanceEvaluation, type StanceState } from './compute.ts';
import { STANCE_LEVEL_NAMES, StanceLevel, StanceReason } from './level.ts';
import { activePolicies, EffectiveStancePolicy, type StancePolicy } from './policy.ts';

/** Whose stance: the whole city, or one department (computed from that department's signals only). */
export const StanceScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('city') }),
  z.strictObject({ kind: z.literal('department'), departmentId: DepartmentId }),
]);
export type StanceScope = z.infer<typeof StanceScope>;

/** One change of level, as kept in the history and written to the audit log: from, to, and why. */
export const StanceChange = z.object({
  scope: StanceScope,
  at: z.iso.datetime({ offset: true }),
  /** Null for the first evaluation of the scope. */
  from: StanceLevel.nullable(),
  to: StanceLevel,
  computedLevel: StanceLevel,
  reasons: z.array(StanceReason),
  override: StanceOverride.nullable(),
});
export type StanceChange = z.infer<typeof StanceChange>;

/** The history entry of an evaluation that changed the level; null when it did not. */
export function stanceChangeOf(scope: StanceScope, evaluation: StanceEvaluation): StanceChange | null {
  if (!evaluation.changed) return null;
  return {
    scope,
    at: evaluation.evaluatedAt,
    from: evaluation.previousLevel,
    to: evaluation.level,
    computedLevel: evaluation.computedLevel,
    reasons: evaluation.reasons,
    override: evaluation.override,
  };
}

/** What `GET /api/stance` shows of one scope: the level, its reasons, the policies in force and the history. */
export const StanceView = z.object({
  scope: StanceScope,
  level: StanceLevel,
  levelName: z.string(),
  computedLevel: StanceLevel,
  automaticLevel: StanceLevel,
  reasons: z.array(StanceReason),
  override: StanceOverride.nullable(),
  changedAt: z.string(),
  evaluatedAt: z.string(),
  policies: EffectiveStancePolicy,
  /** Most recent first. */
  history: z.array(StanceChange),
});
export type StanceView = z.infer<typeof StanceView>;

export function stanceView(
  scope: StanceScope,
  state: StanceState,
  policies: readonly StancePolicy[],
  history: readonly StanceChange[],
): StanceView {
  return {
    scope,
    level: state.level,
    levelName: STANCE_LEVEL_NAMES[state.level],
    computedLevel: state.computedLevel,
    automaticLevel: state.automaticLevel,
    reasons: state.reasons,
    override: state.override,
    changedAt: state.changedAt,
    evaluatedAt: state.evaluatedAt,
    policies: activePolicies(state.level, policies).effective,
    history: [...history],
  };
}
