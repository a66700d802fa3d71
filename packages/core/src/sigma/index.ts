export { compile } from './engine.ts';
export {
  FilterExplanation,
  ItemExplanation,
  RuleExplanation,
  SelectionExplanation,
  ValueMatch,
} from './explanation.ts';
export { flattenEvent } from './event.ts';
export { eventTime } from './event-time.ts';
export { parseRules, type ParsedRules } from './parse-rules.ts';
export { compileCorrelations, type CompiledCorrelation, type CompiledCorrelations } from './correlation-compile.ts';
export { scaleCorrelationThresholds } from './correlation-thresholds.ts';
export { createCorrelator, type Correlator, type CorrelatorOptions, type CorrelatorStats } from './correlator.ts';
export type {
  ConditionOperator,
  ConditionTest,
  CorrelationHit,
  CorrelationType,
  RuleHit,
  SigmaCorrelation,
  SigmaFilter,
} from './correlation-types.ts';
export type { CompileOptions, RuleRejection, SigmaEngine, SigmaEvent, SigmaLogSource, SigmaRule } from './types.ts';
