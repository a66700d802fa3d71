import { InputError } from '../errors.ts';

/** The two STIX patterning dialects: same grammar, but 2.0 keywords are case-insensitive and 2.0 has no EXISTS. */
export type StixSpecVersion = '2.0' | '2.1';

/**
 * Hostile-input bounds. A pattern longer than this is refused before lexing; deeper nesting of `(` / `[` than
 * MAX_PATTERN_DEPTH is refused while parsing, so the recursive-descent parser can never exhaust the stack.
 * Real patterns are far below both (the longest in the OASIS examples is ~600 characters, depth 1).
 */
export const MAX_PATTERN_LENGTH = 65_536;
export const MAX_PATTERN_DEPTH = 64;

/** Where a problem is in the pattern text: 0-based offset, 1-based line and column. */
export interface PatternPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * Raised by `parseStixPattern` (and by `compileStixPattern` given text) for a pattern that is not valid STIX
 * patterning: a lexical or grammar error, a bound exceeded, a duplicate qualifier, a malformed hash. It is the
 * only error those functions throw, whatever the input. `details` holds the position and what was expected.
 */
export class StixPatternError extends InputError {
  override readonly details: PatternPosition & { readonly expected?: readonly string[]; readonly found?: string };

  constructor(
    message: string,
    details: PatternPosition & { readonly expected?: readonly string[]; readonly found?: string },
  ) {
    super(message, details);
    this.details = details;
  }
}

export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  /** `h'…'`: the hex digits as written */
  | { readonly type: 'hex'; readonly value: string }
  /** `b'…'`: the base64 text as written */
  | { readonly type: 'binary'; readonly value: string }
  /** `t'…'`: the RFC 3339 UTC timestamp as written */
  | { readonly type: 'timestamp'; readonly value: string };

export interface SetLiteral {
  readonly type: 'set';
  readonly values: readonly Literal[];
}

/** One step after the object type: `.name`, `.'quoted name'`, `[3]` or `[*]`. The first step is always a key. */
export type PathStep =
  { readonly type: 'key'; readonly name: string } | { readonly type: 'index'; readonly index: number | '*' };

export interface ObjectPath {
  readonly objectType: string;
  readonly steps: readonly PathStep[];
}

export type ComparisonOperator =
  '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

/** `path [NOT] op value`. `!=` is kept as written (not folded into `negated`). */
export interface ComparisonTest {
  readonly type: 'comparison';
  readonly path: ObjectPath;
  readonly operator: ComparisonOperator;
  readonly negated: boolean;
  readonly value: Literal | SetLiteral;
  readonly offset: number;
}

/** STIX 2.1 `EXISTS path`. */
export interface ExistsTest {
  readonly type: 'exists';
  readonly path: ObjectPath;
  readonly offset: number;
}

/** Inside `[ … ]`: AND binds tighter than OR; chains are flattened into one n-ary node. */
export type ComparisonNode =
  { readonly type: 'and' | 'or'; readonly operands: readonly ComparisonNode[] } | ComparisonTest | ExistsTest;

export type Qualifier =
  | { readonly type: 'within'; readonly seconds: number }
  | { readonly type: 'repeats'; readonly times: number }
  | { readonly type: 'start-stop'; readonly start: string; readonly stop: string };

/**
 * Between observations: FOLLOWEDBY binds loosest, then OR, then AND (STIX 2.1 §9.7). Qualifiers attach to the
 * bracketed observation or parenthesised group they follow, innermost first.
 */
export type ObservationNode =
  | {
      readonly type: 'observation';
      readonly comparison: ComparisonNode;
      readonly qualifiers: readonly Qualifier[];
      readonly offset: number;
    }
  | { readonly type: 'group'; readonly expression: ObservationNode; readonly qualifiers: readonly Qualifier[] }
  | { readonly type: 'and' | 'or' | 'followedby'; readonly operands: readonly ObservationNode[] };

/** A parsed pattern: the observation expression tree and the dialect it was parsed as. */
export interface PatternAst {
  readonly specVersion: StixSpecVersion;
  readonly root: ObservationNode;
}

/** Position of `offset` in `text`, for error messages. */
export function positionOf(text: string, offset: number): PatternPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** The path as one string (`file:hashes.'SHA-256'`, `network-traffic:protocols[*]`), for keys and messages. */
export function pathText(path: ObjectPath): string {
  let out = `${path.objectType}:`;
  path.steps.forEach((step, i) => {
    if (step.type === 'index') out += `[${step.index}]`;
    else {
      const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(step.name);
      const name = plain ? step.name : `'${step.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
      out += i === 0 ? name : `.${name}`;
    }
  });
  return out;
}
