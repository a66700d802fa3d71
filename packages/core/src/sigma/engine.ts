import { compileRule, type CompiledRule } from './compile-rule.ts';
import { EventContext } from './event-context.ts';
import { explainRule } from './explain.ts';
import { applyFilters } from './filters.ts';
import { eventSource } from './routing.ts';
import { RulePlans } from './rule-plans.ts';
import { type CompileOptions, type RuleRejection, RuleError, type SigmaEngine, type SigmaRule } from './types.ts';

/**
 * Compiles a rule set once. A rule that cannot compile goes to `rejected` with its reason and is never
 * evaluated, so a broken rule can neither match nothing silently nor match everything. Duplicate ids are
 * refused (alerts are keyed by rule id). `options.filters` narrow the rules they attach to (`filters.ts`);
 * a filter whose detection cannot compile is rejected like a rule.
 */
export function compile(rules: readonly SigmaRule[], options: CompileOptions = {}): SigmaEngine {
  const placeholders = options.placeholders ?? {};
  const compiled: CompiledRule[] = [];
  const rejected: RuleRejection[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const where = { ...(rule.file === undefined ? {} : { file: rule.file }), id: rule.id };
    if (seen.has(rule.id)) {
      rejected.push({ ...where, reason: `duplicate rule id ${rule.id}` });
      continue;
    }
    try {
      compiled.push(compileRule(rule, placeholders));
      seen.add(rule.id);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      rejected.push({ ...where, reason: error.message });
    }
  }
  const filtered = applyFilters(compiled, options.filters ?? [], placeholders);
  rejected.push(...filtered.rejected);
  const plans = new RulePlans(filtered.rules, options.prefilter ?? true);
  const byId = new Map(filtered.rules.map((c) => [c.rule.id, c]));
  return {
    rules: compiled.map((c) => c.rule),
    rejected,
    match(event) {
      const ctx = new EventContext(event);
      const hits: SigmaRule[] = [];
      for (const c of plans.planFor(eventSource(ctx)).candidates(ctx)) if (c.matches(ctx)) hits.push(c.rule);
      return hits;
    },
    explain(rule, event) {
      const c = byId.get(typeof rule === 'string' ? rule : rule.id);
      return c && explainRule(c, event, placeholders);
    },
  };
}
