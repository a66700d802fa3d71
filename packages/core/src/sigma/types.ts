import type { SigmaFilter } from './correlation-types.ts';
import type { RuleExplanation } from './explanation.ts';

/** The log source a rule applies to, as written in the rule (`logsource:`). */
export interface SigmaLogSource {
  product?: string;
  category?: string;
  service?: string;
}

/**
 * One parsed Sigma detection rule: metadata normalised, detection kept as written. Produced by `parseRules`,
 * consumed by `compile`, which validates the detection and refuses what it cannot run.
 */
export interface SigmaRule {
  id: string;
  title: string;
  /** The optional unique `name` correlations and filters may refer to instead of the id. */
  name?: string;
  level: string | null;
  status: string | null;
  tags: string[];
  logsource: SigmaLogSource;
  description: string | null;
  author: string | null;
  references: string[];
  falsepositives: string[];
  /** The file the rule came from, when the caller named one; carried into rejections. */
  file?: string;
  /** Search identifiers → map / list of maps / keyword list, exactly as parsed from YAML (without `condition`). */
  detection: Readonly<Record<string, unknown>>;
  /** The condition(s); a list is ORed (spec: each entry generates a query, linked with OR). */
  condition: readonly string[];
}

/** Why a document or rule was not loaded. Produced at parse or compile time, never at match time. */
export interface RuleRejection {
  file?: string;
  id?: string;
  reason: string;
}

/** Field access for Sigma matching. `undefined` means the field is missing; `null` means present with null. */
export interface SigmaEvent {
  get(field: string): unknown;
  /** every string/number value in the event, recursively, for keyword search */
  values(): Iterable<unknown>;
  /**
   * Optional: the names under which `get` finds values. Every field name `get` returns a value for is one of
   * them or one of them followed by `.` and more. With it the literal index probes only the fields an event
   * can hold (a JSON record holds a dozen of the hundreds of fields a full rule set tests); without it, all.
   */
  keys?(): readonly string[];
}

/** Engine settings. */
export interface CompileOptions {
  /** Values for `%name%` placeholders used with `|expand`; each value is a Sigma string (wildcards allowed). */
  placeholders?: Record<string, string[]>;
  /**
   * Skip rules none of whose required literals occur in the event (default true). Results are identical
   * either way; false exists for reference evaluation in tests and benchmarks.
   */
  prefilter?: boolean;
  /** Sigma filters (`parseRules(...).filters`): each excludes its matches from the rules it attaches to. */
  filters?: readonly SigmaFilter[];
}

/** A compiled rule set. Immutable; `match` is safe to call concurrently from one thread's event loop. */
export interface SigmaEngine {
  readonly rules: readonly SigmaRule[];
  readonly rejected: readonly RuleRejection[];
  match(event: SigmaEvent): SigmaRule[];
  /**
   * Why one of this engine's rules (by id, or the rule itself) matches `event` or not: per search identifier
   * and item, the values that held and the event values they held on. `matched` always equals whether
   * `match(event)` returns the rule. Undefined when the engine has no such rule (unknown or refused). For
   * analysts, on demand: it recompiles the rule's items, so it is far slower than `match`.
   */
  explain(rule: string | SigmaRule, event: SigmaEvent): RuleExplanation | undefined;
}

/**
 * Raised while compiling a rule when it cannot run as written; caught per rule by `compile` and turned into
 * a `RuleRejection`. Never escapes the engine.
 */
export class RuleError extends Error {
  override readonly name = 'RuleError';
}
