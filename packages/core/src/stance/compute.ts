import { z } from 'zod';
import { formatDuration } from '../city/duration.ts';
import { InputError } from '../errors.ts';
import { STANCE_LEVEL_NAMES, StanceLevel, StanceReason, toStanceLevel } from './level.ts';
import { activePolicies, type StancePolicy } from './policy.ts';
import { evaluateStanceRules } from './rules.ts';
import { type StanceSignals } from './signals.ts';

const Instant = z.iso.datetime({ offset: true });

/** The longest a manual override may last: it must be renewed, with a fresh justification, to last longer. */
export const MAX_OVERRIDE_SECONDS = 30 * 86_400;

/**
 * A manual override: the level people set, why, who, when, and until when. It wins over the signals until
 * `until`, then the stance follows the signals again. There is no override without an expiry.
 */
export const StanceOverride = z.strictObject({
  level: StanceLevel,
  justification: z.string().trim().min(10).max(2000),
  by: z.string().min(1).max(256),
  at: Instant,
  until: Instant,
});
export type StanceOverride = z.infer<typeof StanceOverride>;

/** What a caller asks for (the API body); `by` and `at` come from the session and the clock. */
export const StanceOverrideRequest = StanceOverride.pick({ level: true, justification: true, until: true });
export type StanceOverrideRequest = z.infer<typeof StanceOverrideRequest>;

/**
 * Builds an override from a request. Throws `InputError` when the request is malformed, when `until` is not in
 * the future, or when it is more than `MAX_OVERRIDE_SECONDS` away.
 */
export function newStanceOverride(request: unknown, by: string, now: Date): StanceOverride {
  const parsed = StanceOverrideRequest.safeParse(request);
  if (!parsed.success) throw new InputError('invalid stance override', parsed.error.issues);
  const until = Date.parse(parsed.data.until);
  if (until <= now.getTime()) throw new InputError('a stance override must expire in the future');
  if (until - now.getTime() > MAX_OVERRIDE_SECONDS * 1000) {
    throw new InputError(`a stance override lasts at most ${formatDuration(MAX_OVERRIDE_SECONDS)}; renew it to extend`);
  }
  return StanceOverride.parse({ ...parsed.data, by, at: now.toISOString() });
}

/**
 * The stance of one scope after an evaluation, as the server stores it and passes back as `previous`.
 * - `computedLevel`: what the signals alone call for now (the highest rule minimum).
 * - `automaticLevel`: `computedLevel` after hysteresis (raises at once, lowers slowly); tracked under an
 *   override too, so the stance is right the moment the override ends.
 * - `level`: the stance in force: the override's level while one is active, else `automaticLevel`.
 * - `calmSince`: since when `computedLevel` has stayed below `automaticLevel` (null when it is not below).
 * - `override`: the override in force; the caller sets or clears it here before calling `computeStance`.
 */
export const StanceState = z.object({
  level: StanceLevel,
  automaticLevel: StanceLevel,
  computedLevel: StanceLevel,
  reasons: z.array(StanceReason),
  override: StanceOverride.nullable(),
  calmSince: Instant.nullable(),
  changedAt: Instant,
  evaluatedAt: Instant,
});
export type StanceState = z.infer<typeof StanceState>;

/** An evaluation: the next state, and whether `level` changed (the server audits and notifies when it did). */
export const StanceEvaluation = StanceState.extend({
  /** True when `level` differs from the previous one, and on the very first evaluation of a scope. */
  changed: z.boolean(),
  previousLevel: StanceLevel.nullable(),
});
export type StanceEvaluation = z.infer<typeof StanceEvaluation>;

interface Automatic {
  readonly level: StanceLevel;
  readonly calmSince: string | null;
  readonly reason: StanceReason | null;
}

const levelName = (level: StanceLevel): string => `level ${level} (${STANCE_LEVEL_NAMES[level]})`;

/**
 * Hysteresis. Raising is immediate. Lowering happens only after the computed level has stayed below the current
 * one for the cooling period of the current level's policies, and then by one level; the next step down waits a
 * full cooling period of its own. A computed level back at or above the current one resets the clock. How
 * "continuously below" is observed depends on how often the server evaluates (each evaluation is a sample).
 */
function applyHysteresis(
  computed: StanceLevel,
  previous: StanceState | null,
  policies: readonly StancePolicy[],
  now: Date,
): Automatic {
  if (previous === null || computed >= previous.automaticLevel)
    return { level: computed, calmSince: null, reason: null };
  const current = previous.automaticLevel;
  const calmSince = previous.calmSince ?? now.toISOString();
  const cooling = activePolicies(current, policies).effective.cooling_period_seconds;
  if (now.getTime() - Date.parse(calmSince) < cooling * 1000) {
    const until = new Date(Date.parse(calmSince) + cooling * 1000).toISOString();
    const text =
      `The signals have stayed below level ${current} since ${calmSince} (level ${computed} now); ` +
      `${levelName(current)} holds until ${until} (cooling period ${formatDuration(cooling)}), ` +
      'then lowers one level at a time';
    return { level: current, calmSince, reason: { code: 'cooling', kind: 'hysteresis', level: current, text } };
  }
  const lowered = toStanceLevel(current - 1);
  const stepped = `Lowered from level ${current} to ${lowered}: the signals stayed below level ${current} for ${formatDuration(cooling)}`;
  if (lowered === computed) {
    return {
      level: lowered,
      calmSince: null,
      reason: { code: 'lowered', kind: 'hysteresis', level: lowered, text: stepped },
    };
  }
  const next = activePolicies(lowered, policies).effective.cooling_period_seconds;
  const until = new Date(now.getTime() + next * 1000).toISOString();
  const text = `${stepped}; the signals call for level ${computed}, so level ${lowered} holds until ${until} at the earliest`;
  return {
    level: lowered,
    calmSince: now.toISOString(),
    reason: { code: 'lowered', kind: 'hysteresis', level: lowered, text },
  };
}

function overrideText(override: StanceOverride, automatic: StanceLevel): string {
  return (
    `Manual override to ${levelName(override.level)} by ${override.by} until ${override.until}: ` +
    `"${override.justification}"; the signals alone call for level ${automatic}`
  );
}

/**
 * Computes the stance of one scope. Pure and deterministic: the same signals, previous state, policies and `now`
 * give the same evaluation, reasons in the same order.
 *
 * The level is the highest minimum demanded by the rule table (rules.ts, documented in README.md), smoothed by
 * hysteresis (`applyHysteresis`), unless a manual override is active (`previous.override`, until its `until`),
 * which wins. Reasons come in this order: the override (or its expiry), the hysteresis hold or step, then every
 * fired rule, highest level first (or the baseline when none fired). `previous` is null for a scope never
 * evaluated: its level is then the computed level, and `changed` is true.
 */
export function computeStance(
  signals: StanceSignals,
  previous: StanceState | null,
  policies: readonly StancePolicy[],
  now: Date,
): StanceEvaluation {
  const at = now.toISOString();
  const verdict = evaluateStanceRules(signals);
  const automatic = applyHysteresis(verdict.computedLevel, previous, policies, now);
  const override = previous?.override ?? null;
  const expired = override !== null && Date.parse(override.until) <= now.getTime() ? override : null;
  const active = expired === null ? override : null;

  const reasons: StanceReason[] = [];
  if (active !== null) {
    const text = overrideText(active, automatic.level);
    reasons.push({ code: 'manual_override', kind: 'override', level: active.level, text });
  }
  if (expired !== null) {
    const text = `Manual override to level ${expired.level} by ${expired.by} expired at ${expired.until}; the stance follows the signals again`;
    reasons.push({ code: 'override_expired', kind: 'override', level: expired.level, text });
  }
  if (automatic.reason !== null) reasons.push(automatic.reason);
  reasons.push(...verdict.reasons);

  const level = active?.level ?? automatic.level;
  const changed = previous === null || previous.level !== level;
  return {
    level,
    automaticLevel: automatic.level,
    computedLevel: verdict.computedLevel,
    reasons,
    override: active,
    calmSince: automatic.calmSince,
    changedAt: changed || previous === null ? at : previous.changedAt,
    evaluatedAt: at,
    changed,
    previousLevel: previous?.level ?? null,
  };
}
