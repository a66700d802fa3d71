export * from './pattern-ast.ts';
export { parseStixPattern } from './pattern-parser.ts';
export {
  assessStixPattern,
  compileStixPattern,
  MAX_PATTERN_CLAUSES,
  type Atom,
  type CompiledPattern,
  type MatchablePattern,
  type UnmatchablePattern,
} from './pattern-compile.ts';
export { SUPPORTED_PROPERTIES } from './properties.ts';
export { ANY_ROLE, makeObservable, observablesOf, ROLE, type Observable, type ObservableKind } from './observables.ts';
export {
  buildIndicatorIndex,
  matchEvent,
  IndicatorIndex,
  type IndicatorEntry,
  type IndicatorHit,
  type IndicatorIndexOptions,
  type IndicatorIndexStats,
} from './indicator-index.ts';
export {
  DEFAULT_CONFIDENCE,
  DEFAULT_HALF_LIFE_DAYS,
  DEFAULT_MIN_SCORE,
  defaultHalfLifeDays,
  indicatorScore,
  type ScoredIndicator,
} from './score.ts';
export {
  IntelIndicator,
  isPrepared,
  prepareIndicator,
  TlpLevel,
  type PreparedIndicator,
  type UnmatchableIndicator,
} from './indicator.ts';
export { indicatorsFromStixBundle, type StixImportOptions, type StixImportResult } from './stix-bundle.ts';
export {
  MISP_ATTRIBUTE_TYPES,
  mispEventToIndicators,
  mispFeedUpdates,
  type MispImportOptions,
  type MispImportResult,
} from './misp.ts';
export {
  buildWarninglistSuppressor,
  MispWarninglist,
  suppressKnownBenign,
  type WarninglistSuppressor,
} from './warninglists.ts';
export {
  buildBlocklist,
  MIN_BLOCK_PREFIX,
  type Blocklist,
  type BlocklistOptions,
  type BlocklistSkip,
} from './blocklist.ts';
export {
  AttackDomain,
  attackCatalogue,
  attackCoverage,
  attackTechniqueIds,
  type AttackCatalogue,
  type AttackCoverage,
  type AttackTactic,
  type AttackTechnique,
} from './attack.ts';
