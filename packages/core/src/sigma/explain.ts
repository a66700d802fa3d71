import { type CompiledRule, searchAlternatives, type SearchItem } from './compile-rule.ts';
import { type ConditionNode, parseCondition, resolvePattern } from './condition.ts';
import { compileItem } from './detection-item.ts';
import { EventContext } from './event-context.ts';
import type { ItemExplanation, RuleExplanation, SelectionExplanation, ValueMatch } from './explanation.ts';
import { filterAsRule } from './filters.ts';
import { eventSource } from './routing.ts';
import type { SigmaEvent, SigmaRule } from './types.ts';

/*
 * `engine.explain`: runs on demand (an analyst opening an alert), never on the detection path, so it favours
 * being obviously right over being fast. It recompiles the rule's items one by one with the same
 * `compileItem` the engine uses, so each item holds exactly when it holds in `match`, and combines them the
 * way `compileRule` does (`searchAlternatives`, the same condition parser). The property test
 * `explain.property.test.ts` checks that `matched` always equals `match`.
 */

type Placeholders = Readonly<Record<string, string[]>>;
type Scalar = string | number | boolean;

const MAX_EVENT_VALUE = 1000;

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The scalars the engine compares for a field: the value, or each scalar element of an array. */
function fieldScalars(value: unknown): Scalar[] {
  if (Array.isArray(value)) return value.filter(isScalar);
  return isScalar(value) ? [value] : [];
}

/** The scalars keyword search looks at: every value of the event, arrays one level deep (`EventContext`). */
function keywordScalars(event: SigmaEvent): Scalar[] {
  const out: Scalar[] = [];
  for (const v of event.values()) out.push(...fieldScalars(v));
  return out;
}

/** The event as one item sees it when `field` (or, for keywords, the whole event) holds only `value`. */
function narrowed(event: SigmaEvent, field: string, value: Scalar): EventContext {
  return new EventContext({ get: (f) => (f === field ? value : event.get(f)), values: () => [value] });
}

const cut = (v: Scalar): Scalar =>
  typeof v === 'string' && v.length > MAX_EVENT_VALUE ? `${v.slice(0, MAX_EVENT_VALUE)}…` : v;

/**
 * The values of a holding item that hold on their own, each with the first event value it holds on. `all` and
 * `neq` are taken off (one value at a time, positively); `neq`, `exists` and `null` items match no value.
 */
function valueMatches(
  field: string,
  modifiers: readonly string[],
  raw: unknown,
  event: SigmaEvent,
  placeholders: Placeholders,
): ValueMatch[] {
  const positive = modifiers.filter((m) => m !== 'all' && m !== 'neq');
  if (modifiers.includes('neq') || positive.includes('exists')) return [];
  const values = (Array.isArray(raw) ? raw : [raw]).filter(isScalar);
  const key = [field, ...positive].join('|');
  const candidates = field === '' ? keywordScalars(event) : fieldScalars(event.get(field));
  const found: ValueMatch[] = [];
  for (const value of values) {
    const holds = compileItem(key, value, placeholders);
    const hit = candidates.find((candidate) => holds(narrowed(event, field, candidate)));
    if (hit !== undefined) found.push({ value, eventValue: cut(hit) });
  }
  return found;
}

function explainItem(
  [key, raw]: SearchItem,
  alternative: number,
  ctx: EventContext,
  placeholders: Placeholders,
): ItemExplanation {
  const [field = '', ...modifiers] = key.split('|');
  const matched = compileItem(key, raw, placeholders)(ctx);
  return {
    field: field === '' ? null : field,
    modifiers,
    alternative,
    matched,
    matches: matched ? valueMatches(field, modifiers, raw, ctx.event, placeholders) : [],
  };
}

function holds(node: ConditionNode, truth: ReadonlyMap<string, boolean>, identifiers: readonly string[]): boolean {
  switch (node.kind) {
    case 'and':
      return holds(node.left, truth, identifiers) && holds(node.right, truth, identifiers);
    case 'or':
      return holds(node.left, truth, identifiers) || holds(node.right, truth, identifiers);
    case 'not':
      return !holds(node.operand, truth, identifiers);
    case 'ref':
      return truth.get(node.name) === true;
    case 'of': {
      const names = resolvePattern(node.pattern, identifiers);
      const test = (name: string) => truth.get(name) === true;
      return node.quantifier === 'all' ? names.every(test) : names.some(test);
    }
  }
}

/** For each identifier, the polarities (true: positive, false: under an odd number of `not`) it appears with. */
function polarities(
  node: ConditionNode,
  positive: boolean,
  identifiers: readonly string[],
  out: Map<string, Set<boolean>>,
): void {
  const note = (name: string) => out.set(name, (out.get(name) ?? new Set()).add(positive));
  switch (node.kind) {
    case 'and':
    case 'or':
      polarities(node.left, positive, identifiers, out);
      polarities(node.right, positive, identifiers, out);
      return;
    case 'not':
      polarities(node.operand, !positive, identifiers, out);
      return;
    case 'ref':
      note(node.name);
      return;
    case 'of':
      resolvePattern(node.pattern, identifiers).forEach(note);
  }
}

interface DetectionExplanation {
  matched: boolean;
  condition: string;
  selections: SelectionExplanation[];
}

/** The detection and condition of a rule (or of a filter read as a rule) on one event. */
function explainDetection(rule: SigmaRule, ctx: EventContext, placeholders: Placeholders): DetectionExplanation {
  const identifiers = Object.keys(rule.detection);
  const conditions = rule.condition.map(parseCondition);
  const seen = new Map<string, Set<boolean>>();
  for (const c of conditions) polarities(c, true, identifiers, seen);
  const selections = identifiers.map((name): SelectionExplanation => {
    const alternatives = searchAlternatives(name, rule.detection[name]);
    const items = alternatives.flatMap((list, i) => list.map((item) => explainItem(item, i, ctx, placeholders)));
    const matched = alternatives.some((_, i) => items.every((item) => item.alternative !== i || item.matched));
    const used = seen.get(name);
    return { name, matched, negated: used !== undefined && !used.has(true), items };
  });
  const truth = new Map(selections.map((s) => [s.name, s.matched]));
  return {
    matched: conditions.some((c) => holds(c, truth, identifiers)),
    condition: rule.condition.length === 1 ? rule.condition[0]! : rule.condition.map((c) => `(${c})`).join(' or '),
    selections,
  };
}

/** Why `compiled` matches `event` or not (see `RuleExplanation`). The rule compiled, so nothing here refuses. */
export function explainRule(compiled: CompiledRule, event: SigmaEvent, placeholders: Placeholders): RuleExplanation {
  const ctx = new EventContext(event);
  const routed = compiled.route === null || compiled.route(eventSource(ctx));
  const detection = explainDetection(compiled.rule, ctx, placeholders);
  const filters = compiled.filters.map((filter) => ({
    id: filter.id ?? filter.title,
    title: filter.title,
    ...explainDetection(filterAsRule(filter), ctx, placeholders),
  }));
  return {
    ruleId: compiled.rule.id,
    title: compiled.rule.title,
    matched: routed && detection.matched && !filters.some((f) => f.matched),
    routed,
    conditionMatched: detection.matched,
    condition: detection.condition,
    selections: detection.selections,
    filters,
  };
}
