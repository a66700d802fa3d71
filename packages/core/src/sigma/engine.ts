import { compileRule, type CompiledRule } from './compile-rule.ts';
import { EventContext } from './event-context.ts';
import { explainRule } from './explain.ts';
import { applyFilters } from './filters.ts';
import { RulePlans } from './rule-plans.ts';
import {
  type CompileOptions,
  type RuleRejection,
  RuleError,
  type SigmaEngine,
  type SigmaEvent,
  type SigmaRule,
} from './types.ts';

const EMPTY_EVENT: SigmaEvent = { get: () => undefined, values: () => [] };

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
  const context = new EventContext(EMPTY_EVENT);
  return {
    rules: compiled.map((c) => c.rule),
    rejected,
    match(event) {
      // One context per engine, reset per event: `match` runs to completion before the next call can start.
      context.reset(event);
      const hits: SigmaRule[] = [];
      plans.planForEvent(context).collectMatches(context, hits);
      return hits;
    },
    explain(rule, event) {
      const c = byId.get(typeof rule === 'string' ? rule : rule.id);
      return c && explainRule(c, event, placeholders);
    },
  };
}
