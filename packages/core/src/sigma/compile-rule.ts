import { isPlainObject } from '../log-sources/json-line.parser.ts';
import { type ConditionNode, parseCondition, resolvePattern } from './condition.ts';
import type { SigmaFilter } from './correlation-types.ts';
import { compileItem, type Predicate } from './detection-item.ts';
import { type Requirement, ruleRequirement } from './requirements.ts';
import { type Route, routeFor } from './routing.ts';
import { RuleError, type SigmaRule } from './types.ts';

/**
 * A rule ready to evaluate. `route` is its log-source routing (null: it sees every event); the engine applies
 * it per event source, not per event.
 */
export interface CompiledRule {
  readonly rule: SigmaRule;
  readonly route: Route | null;
  /** literals of which one must hold for `matches` to be true (null: none known), for the literal index */
  readonly requirement: Requirement;
  readonly matches: Predicate;
  /** the Sigma filters `matches` excludes (`filters.ts`), for `explain` */
  readonly filters: readonly SigmaFilter[];
}

const or =
  (ps: readonly Predicate[]): Predicate =>
  (ctx) =>
    ps.some((p) => p(ctx));
const and =
  (ps: readonly Predicate[]): Predicate =>
  (ctx) =>
    ps.every((p) => p(ctx));

type Placeholders = Readonly<Record<string, string[]>>;

/** One detection item as written: `field|modifiers` (`''` for keywords) and its value or values. */
export type SearchItem = readonly [key: string, value: unknown];

/**
 * The shape of a search identifier: alternatives (ORed), each a list of items (ANDed). A map is one
 * alternative, a list of maps one per map, and the keywords of a list (scalars) one more alternative of a
 * single field-less item. Shared by `compileRule` and `explain`, so both read a search the same way.
 */
export function searchAlternatives(identifier: string, value: unknown): SearchItem[][] {
  if (value === null || value === undefined) throw new RuleError(`search identifier '${identifier}' is empty`);
  const list = isPlainObject(value) ? [value] : Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new RuleError(`search identifier '${identifier}' is an empty list`);
  const alternatives: SearchItem[][] = list.filter(isPlainObject).map((map) => {
    const items = Object.entries(map);
    if (items.length === 0) throw new RuleError(`search identifier '${identifier}' is an empty map`);
    return items;
  });
  const keywords = list.filter((v) => !isPlainObject(v));
  if (keywords.length > 0) alternatives.push([['', keywords]]);
  return alternatives;
}

/** A search identifier: map (AND), list of maps (OR), list of scalars (keywords, OR), or a single keyword. */
function compileSearch(identifier: string, value: unknown, placeholders: Placeholders): Predicate {
  const branches = searchAlternatives(identifier, value).map((items) => {
    const compiled = items.map(([key, v]) => compileItem(key, v, placeholders));
    return compiled.length === 1 ? compiled[0]! : and(compiled);
  });
  return branches.length === 1 ? branches[0]! : or(branches);
}

function compileNode(node: ConditionNode, searches: ReadonlyMap<string, Predicate>): Predicate {
  switch (node.kind) {
    case 'and': {
      const [l, r] = [compileNode(node.left, searches), compileNode(node.right, searches)];
      return (ctx) => l(ctx) && r(ctx);
    }
    case 'or': {
      const [l, r] = [compileNode(node.left, searches), compileNode(node.right, searches)];
      return (ctx) => l(ctx) || r(ctx);
    }
    case 'not': {
      const operand = compileNode(node.operand, searches);
      return (ctx) => !operand(ctx);
    }
    case 'ref': {
      const search = searches.get(node.name);
      if (!search) throw new RuleError(`condition references undefined search identifier '${node.name}'`);
      return search;
    }
    case 'of': {
      const names = resolvePattern(node.pattern, [...searches.keys()]);
      // pySigma leaves an empty `of` to the backend; refusing is the only answer that is not a silent guess.
      if (names.length === 0) throw new RuleError(`'${node.pattern}' matches no search identifier`);
      const parts = names.map((n) => searches.get(n)!);
      return parts.length === 1 ? parts[0]! : node.quantifier === 'all' ? and(parts) : or(parts);
    }
  }
}

/** Compiles one rule; throws `RuleError` with a precise reason when it cannot run as written. */
export function compileRule(rule: SigmaRule, placeholders: Placeholders): CompiledRule {
  const searches = new Map<string, Predicate>();
  for (const [identifier, value] of Object.entries(rule.detection)) {
    if (identifier === 'timeframe') throw new RuleError('detection.timeframe (Sigma 1 aggregation) is not supported');
    try {
      searches.set(identifier, compileSearch(identifier, value, placeholders));
    } catch (error) {
      if (error instanceof RuleError) throw new RuleError(`${identifier}: ${error.message}`);
      throw error;
    }
  }
  const conditions = rule.condition.map((c) => compileNode(parseCondition(c), searches));
  return {
    rule,
    route: routeFor(rule.logsource),
    requirement: ruleRequirement(rule, placeholders),
    matches: conditions.length === 1 ? conditions[0]! : or(conditions),
    filters: [],
  };
}
