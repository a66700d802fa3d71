import { compileTest, Unsupported } from './atom-compile.ts';
import { indexRank, type Atom } from './atom.ts';
import {
  StixPatternError,
  type ComparisonNode,
  type ObservationNode,
  type PatternAst,
  type StixSpecVersion,
} from './pattern-ast.ts';
import { parseStixPattern } from './pattern-parser.ts';

export { indexRank, type Atom } from './atom.ts';

/** A pattern expanding to more alternatives than this ((a OR b) AND (c OR d) AND …) is not compiled. */
export const MAX_PATTERN_CLAUSES = 4096;

/** Alternatives of a matchable pattern: a clause holds when all its atoms hold; the pattern when any clause does. */
export interface MatchablePattern {
  readonly matchable: true;
  readonly clauses: readonly (readonly Atom[])[];
  /** Parts that were dropped (unsupported property, unsatisfiable AND, …): matching is sound but not complete. */
  readonly warnings: readonly string[];
}

/** Why a valid pattern cannot be decided on one event (it needs correlation) or on ECS fields at all. */
export interface UnmatchablePattern {
  readonly matchable: false;
  readonly reason: string;
}

export type CompiledPattern = MatchablePattern | UnmatchablePattern;

const NO_WARNINGS: readonly string[] = Object.freeze([]);

/** `objectType` null: the alternative ANDs comparisons of different object types. */
type Alternative = { atoms: Atom[]; objectType: string | null; types: string } | Unsupported;

function cross(left: Alternative[], right: Alternative[]): Alternative[] {
  if (left.length * right.length > MAX_PATTERN_CLAUSES) {
    throw new Unsupported(`the pattern expands to more than ${MAX_PATTERN_CLAUSES} alternatives`);
  }
  const out: Alternative[] = [];
  for (const a of left) {
    for (const b of right) {
      if (a instanceof Unsupported) out.push(a);
      else if (b instanceof Unsupported) out.push(b);
      else {
        const same = a.objectType !== null && a.objectType === b.objectType;
        const types = same ? a.types : [...new Set([...a.types.split(', '), ...b.types.split(', ')])].join(', ');
        out.push({ atoms: [...a.atoms, ...b.atoms], objectType: same ? a.objectType : null, types });
      }
    }
  }
  return out;
}

/** Comparison expression → disjunctive normal form; an unsupported comparison poisons only its alternatives. */
function alternatives(node: ComparisonNode): Alternative[] {
  if (node.type === 'comparison' || node.type === 'exists') {
    try {
      const atoms = compileTest(node);
      const objectType = node.path.objectType;
      if (atoms.length === 1) return [{ atoms, objectType, types: objectType }];
      return atoms.map((atom) => ({ atoms: [atom], objectType, types: objectType }));
    } catch (error) {
      if (error instanceof Unsupported) return [error];
      throw error;
    }
  }
  if (node.type === 'or') {
    const out = node.operands.flatMap(alternatives);
    if (out.length > MAX_PATTERN_CLAUSES)
      throw new Unsupported(`the pattern expands to more than ${MAX_PATTERN_CLAUSES} alternatives`);
    return out;
  }
  return node.operands.map(alternatives).reduce(cross);
}

type Compiled = { clauses: (readonly Atom[])[]; warnings: string[] } | UnmatchablePattern;

function observation(node: ObservationNode): Compiled {
  const qualifiers = node.type === 'observation' || node.type === 'group' ? node.qualifiers : [];
  for (const q of qualifiers) {
    if (q.type === 'repeats' && q.times > 1) {
      return {
        matchable: false,
        reason: `REPEATS ${q.times} TIMES needs ${q.times} observations: correlate across events`,
      };
    }
    if (q.type === 'start-stop') {
      return {
        matchable: false,
        reason: 'START/STOP bounds when the observation happened: not decided on single events',
      };
    }
    // WITHIN over what one event matches holds trivially: one observation is always within any window.
  }
  switch (node.type) {
    case 'group':
      return observation(node.expression);
    case 'and':
      return {
        matchable: false,
        reason: 'observation expressions joined by AND need several observations: correlate across events',
      };
    case 'followedby':
      return { matchable: false, reason: 'FOLLOWEDBY orders observations in time: correlate across events' };
    case 'or': {
      const parts = node.operands.map(observation);
      const matchable = parts.filter((p) => !('matchable' in p));
      if (matchable.length === 0) return parts[0]!;
      const warnings = parts.flatMap((p) => ('matchable' in p ? [`observation dropped: ${p.reason}`] : p.warnings));
      return { clauses: matchable.flatMap((p) => ('matchable' in p ? [] : p.clauses)), warnings };
    }
    case 'observation':
      break;
  }
  let alts: Alternative[];
  try {
    alts = alternatives(node.comparison);
  } catch (error) {
    if (error instanceof Unsupported) return { matchable: false, reason: error.reason };
    throw error;
  }
  const clauses: (readonly Atom[])[] = [];
  const warnings: string[] = [];
  for (const alt of alts) {
    if (alt instanceof Unsupported) warnings.push(alt.reason);
    else if (alt.objectType === null) {
      warnings.push(`AND across object types (${alt.types}) cannot hold for one object (STIX 2.1 §9.5)`);
    } else if (!alt.atoms.some((a) => indexRank(a) !== null)) {
      warnings.push(
        'an alternative has no comparison that can be looked up (=, IN, ISSUBSET or a LIKE with a literal host/suffix)',
      );
    } else clauses.push(alt.atoms);
  }
  if (clauses.length === 0) return { matchable: false, reason: warnings[0] ?? 'nothing to match' };
  return { clauses, warnings };
}

/**
 * Decides whether a pattern can be matched on single ECS events and, if so, compiles it. Text is parsed first
 * (StixPatternError for invalid text — the only thing thrown). Matchable: one bracketed observation, an OR of
 * them, or such a thing under WITHIN / REPEATS 1 TIMES; comparisons on SUPPORTED_PROPERTIES with =, !=, IN,
 * ISSUBSET, LIKE (domain; URL with a literal host), order comparisons on ports, EXISTS. Not matchable (reason
 * given): observation AND, FOLLOWEDBY, REPEATS n > 1, START/STOP, and patterns none of whose alternatives is
 * supported. Alternatives that cannot be matched are dropped and listed in `warnings`.
 */
export function compileStixPattern(
  pattern: string | PatternAst,
  options: { specVersion?: StixSpecVersion } = {},
): CompiledPattern {
  const ast = typeof pattern === 'string' ? parseStixPattern(pattern, options) : pattern;
  const result = observation(ast.root);
  if ('matchable' in result) return result;
  // slice(): arrays grown by push keep spare capacity (16+ slots); at 1M indicators that doubled the heap.
  return {
    matchable: true,
    clauses: result.clauses.map((clause) => clause.slice()),
    warnings: result.warnings.length === 0 ? NO_WARNINGS : result.warnings,
  };
}

/**
 * Why a pattern cannot be matched on single events — the parse error or the compiler's reason — or null when it
 * can. Never throws: for storing a verdict beside an imported indicator.
 */
export function assessStixPattern(pattern: string, specVersion: StixSpecVersion = '2.1'): string | null {
  try {
    const compiled = compileStixPattern(pattern, { specVersion });
    return compiled.matchable ? null : compiled.reason;
  } catch (error) {
    if (error instanceof StixPatternError) return `invalid pattern: ${error.message}`;
    throw error;
  }
}
