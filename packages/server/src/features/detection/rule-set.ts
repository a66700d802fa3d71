import type { ConditionTest, RuleRejection, SigmaCorrelation, SigmaRule } from '@citysoc/core/sigma';
import { scaleCorrelationThresholds } from '@citysoc/core/sigma';
import { buildDetectionEngine, type DetectionEngine } from './detection-rules.ts';
import type { RuleContent, RuleOrigin } from './rule-content.ts';
import { packEnabled, packsOf } from './rule-packs.ts';

/** The `scope` of a rule disabled city-wide in `rule_disables`; any other scope is a department id. */
export const CITY_SCOPE = '*';

/** A rule turned off city-wide (`scope` '*') or for one department. */
export interface RuleDisable {
  readonly ruleId: string;
  readonly scope: string;
  readonly reason: string;
}

/** The stance values detection runs under. */
export interface StanceInForce {
  readonly level: number;
  /** The packs the stance in force enables. */
  readonly rulePacks: readonly string[];
  readonly correlationThresholdFactor: number;
}

export const NEUTRAL_STANCE: StanceInForce = { level: 1, rulePacks: [], correlationThresholdFactor: 1 };

/** Everything detection knows of, compiled together whatever its state: what validity and explanations use. */
export interface CompiledContent {
  readonly content: RuleContent;
  /** Every rule and correlation that can run, every one on, thresholds as written. */
  readonly full: DetectionEngine;
  /** Parse and compile refusals of the whole content. */
  readonly rejections: readonly RuleRejection[];
  readonly origins: ReadonlyMap<SigmaRule | SigmaCorrelation, RuleOrigin>;
}

export function compileContent(content: RuleContent): CompiledContent {
  const origins = new Map<SigmaRule | SigmaCorrelation, RuleOrigin>();
  for (const { item, origin } of [...content.rules, ...content.correlations]) origins.set(item, origin);
  const built = buildDetectionEngine(
    content.rules.map((r) => r.item),
    content.correlations.map((c) => c.item),
    content.filters.map((f) => f.item),
  );
  return { content, full: built.engine, rejections: [...content.errors, ...built.rejections], origins };
}

/** Why a rule or correlation runs or not, before its department exceptions. */
export interface ActivationState {
  readonly origin: RuleOrigin;
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly packs: readonly string[];
  readonly packEnabled: boolean;
  readonly active: boolean;
  readonly inactiveReason: string | null;
}

export interface ActiveCorrelation {
  readonly correlation: SigmaCorrelation;
  /** The condition in force: the written one scaled by the stance's threshold factor. */
  readonly effectiveCondition: readonly ConditionTest[];
  readonly state: ActivationState;
}

/**
 * One consistent set of rules in force: the engine detection evaluates (only active rules, thresholds
 * scaled), and the per-department exceptions applied to its hits. Immutable: a change builds a new set, and
 * detection takes the new one between batches (the swap is one reference assignment).
 */
export interface ActiveRuleSet {
  /** Increases with every set built by one catalog: detection rebuilds its correlation windows when it moves. */
  readonly version: number;
  readonly engine: DetectionEngine;
  readonly compiled: CompiledContent;
  readonly stance: StanceInForce;
  readonly rules: readonly { rule: SigmaRule; state: ActivationState }[];
  readonly correlations: readonly ActiveCorrelation[];
  /** Rule id → department → reason, for rules disabled in some departments. */
  readonly disabledFor: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /**
   * Whether an alert of this rule (or correlation key) for an event of this department is dropped: the rule
   * is disabled for the department, or it is an upload scoped to another department. A set lookup per hit.
   */
  suppressed(ruleId: string, departmentId: string | null): boolean;
}

/**
 * Applies the disabled rules and the stance to compiled content. A correlation runs when it is enabled, its
 * packs allow it, and every rule it needs is active: it is compiled against the active rules only, so one
 * whose rule is off is reported inactive with the reason, not refused.
 */
export function activateRules(
  compiled: CompiledContent,
  disables: readonly RuleDisable[],
  stance: StanceInForce,
  namedPacks: ReadonlySet<string>,
  version: number,
): ActiveRuleSet {
  const cityDisabled = new Map(disables.filter((d) => d.scope === CITY_SCOPE).map((d) => [d.ruleId, d.reason]));
  const disabledFor = new Map<string, Map<string, string>>();
  for (const d of disables) {
    if (d.scope === CITY_SCOPE) continue;
    const byDepartment = disabledFor.get(d.ruleId) ?? new Map<string, string>();
    byDepartment.set(d.scope, d.reason);
    disabledFor.set(d.ruleId, byDepartment);
  }
  const enabledPacks = new Set(stance.rulePacks);
  const stateOf = (id: string, item: SigmaRule | SigmaCorrelation): ActivationState => {
    const origin = compiled.origins.get(item) ?? { source: 'shipped', folders: [], department: null, uploadedBy: null };
    const packs = packsOf(item, origin, namedPacks);
    const inPack = packEnabled(packs, enabledPacks);
    const disabledReason = cityDisabled.get(id) ?? null;
    const inactiveReason =
      disabledReason !== null
        ? `disabled city-wide: ${disabledReason}`
        : inPack
          ? null
          : `in stance rule pack ${packs.join(', ')}, which the stance in force (level ${stance.level}) does not enable`;
    return {
      origin,
      enabled: disabledReason === null,
      disabledReason,
      packs,
      packEnabled: inPack,
      active: inactiveReason === null,
      inactiveReason,
    };
  };

  const rules = compiled.full.rules.map((rule) => ({ rule, state: stateOf(rule.id, rule) }));
  const candidates = compiled.full.correlations.correlations.map(({ correlation }) => ({
    correlation,
    scaled: scaleCorrelationThresholds(correlation, stance.correlationThresholdFactor),
    state: stateOf(correlation.key, correlation),
  }));
  const built = buildDetectionEngine(
    rules.filter((r) => r.state.active).map((r) => r.rule),
    candidates.filter((c) => c.state.active).map((c) => c.scaled),
    compiled.content.filters.map((f) => f.item),
  );
  const running = new Set(built.engine.correlations.correlations.map((c) => c.correlation.key));
  const correlations = candidates.map(({ correlation, scaled, state }): ActiveCorrelation => {
    const needsInactive = state.active && !running.has(correlation.key);
    return {
      correlation,
      effectiveCondition:
        built.engine.correlations.correlations.find((c) => c.correlation.key === correlation.key)?.condition ??
        scaled.condition,
      state: needsInactive
        ? {
            ...state,
            active: false,
            inactiveReason: `needs a rule or correlation that is not active: ${correlation.rules.join(', ')}`,
          }
        : state,
    };
  });

  const scopedTo = new Map<string, string>();
  for (const { rule, state } of rules)
    if (state.origin.department !== null) scopedTo.set(rule.id, state.origin.department);
  for (const { correlation, state } of correlations) {
    if (state.origin.department !== null) scopedTo.set(correlation.key, state.origin.department);
  }
  return {
    version,
    engine: built.engine,
    compiled,
    stance,
    rules,
    correlations,
    disabledFor,
    suppressed(ruleId, departmentId) {
      const scope = scopedTo.get(ruleId);
      if (scope !== undefined && scope !== departmentId) return true;
      return departmentId !== null && (disabledFor.get(ruleId)?.has(departmentId) ?? false);
    },
  };
}
