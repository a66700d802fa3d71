import type { SigmaEvent, SigmaLogSource } from './types.ts';

/** The correlation types CitySOC parses (spec v2.1). `value_percentile` parses but is refused at compile time. */
export type CorrelationType =
  'event_count' | 'value_count' | 'temporal' | 'temporal_ordered' | 'value_sum' | 'value_avg' | 'value_percentile';

export type ConditionOperator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

/** One comparison of a correlation condition; several are ANDed (spec: a range such as `gt: 100, lte: 200`). */
export interface ConditionTest {
  readonly op: ConditionOperator;
  readonly value: number;
}

/** One parsed correlation rule (a `correlation:` document), validated except for its rule references. */
export interface SigmaCorrelation {
  /** Optional in the spec; the key hits are reported under is `key` (id, else name, else title). */
  id: string | null;
  /** The per-collection unique name other correlations and aliases may refer to. */
  name: string | null;
  /** What hits and rejections are keyed by: `id ?? name ?? title`. */
  key: string;
  title: string;
  level: string | null;
  status: string | null;
  description: string | null;
  /** Shown with every alert the correlation raises (the attribution the Detection Rule License asks for). */
  author: string | null;
  references: string[];
  falsepositives: string[];
  tags: string[];
  file?: string;
  type: CorrelationType;
  /** References to base rules or other correlations, by id or name, as written. */
  rules: string[];
  /** Empty means one group for everything (pySigma; the spec calls group-by mandatory but optional). */
  groupBy: string[];
  /** The timespan as written (`5m`) and in milliseconds. */
  timespan: string;
  timespanMs: number;
  /** ANDed comparisons; empty for temporal types without a condition (all referenced rules must fire). */
  condition: ConditionTest[];
  /** `condition.field` of the value_* types (a list only for value_count: distinct tuples). */
  fields: string[];
  /** alias → (rule reference as written → field in that rule's events). */
  aliases: Record<string, Record<string, string>>;
  /** Whether the referenced rules also produce hits of their own (default false). */
  generate: boolean;
}

/** One parsed Sigma filter (`filter:` document): an exclusion attached to rules by reference and log source. */
export interface SigmaFilter {
  id: string | null;
  title: string;
  file?: string;
  logsource: SigmaLogSource;
  /** Rule ids or names; null means every rule of the log source (`rules: any` / `all`, pySigma). */
  rules: string[] | null;
  /** Search identifiers of the filter, as written. */
  detection: Readonly<Record<string, unknown>>;
  condition: readonly string[];
}

/** A base-rule or correlation match fed to the correlator. `time` is epoch milliseconds (see `eventTime`). */
export interface RuleHit {
  ruleId: string;
  event: SigmaEvent;
  time: number;
  eventIndex: number;
}

/** A correlation that fired: the group it fired for and the indices of the events that made it fire. */
export interface CorrelationHit {
  correlation: SigmaCorrelation;
  group: Record<string, unknown>;
  events: number[];
}
