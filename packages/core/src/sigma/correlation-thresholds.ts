import type { ConditionTest, CorrelationType, SigmaCorrelation } from './correlation-types.ts';

/**
 * The correlation types whose condition counts something that only grows as matches arrive: events, distinct
 * values, a sum. A factor below 1 makes them fire earlier. `temporal*` (all rules seen, a fixed number) and
 * `value_avg` (an average, not an amount) keep their thresholds: halving "all 3 rules" or an average would
 * change what the rule means, not how early it fires.
 */
const SCALED_TYPES: ReadonlySet<CorrelationType> = new Set(['event_count', 'value_count', 'value_sum']);

/**
 * One comparison tightened by `factor`: `gte`/`gt` thresholds are multiplied and rounded up, never below one
 * match (`gte: 1`, `gt: 0`); upper bounds (`lt`, `lte`) and equalities are left as written.
 */
function scaleTest(test: ConditionTest, factor: number): ConditionTest {
  if (test.op === 'gte') return { op: 'gte', value: Math.max(1, Math.ceil(test.value * factor)) };
  if (test.op === 'gt') return { op: 'gt', value: Math.max(0, Math.ceil(test.value * factor)) };
  return test;
}

/**
 * The correlation with its condition tightened by the security stance's `correlation_threshold_factor`
 * (0 < factor ≤ 1): 0.5 makes `gte: 10` fire at 5. Returns the correlation itself when nothing changes.
 * Throws RangeError for a factor outside (0, 1], which would loosen detection.
 */
export function scaleCorrelationThresholds(correlation: SigmaCorrelation, factor: number): SigmaCorrelation {
  if (!(factor > 0 && factor <= 1)) throw new RangeError(`correlation threshold factor ${factor} is not in (0, 1]`);
  if (factor === 1 || !SCALED_TYPES.has(correlation.type) || correlation.condition.length === 0) return correlation;
  return { ...correlation, condition: correlation.condition.map((test) => scaleTest(test, factor)) };
}
