import { compileRule, type CompiledRule } from './compile-rule.ts';
import { type SigmaFilter } from './correlation-types.ts';
import { type Predicate } from './detection-item.ts';
import { type RuleRejection, RuleError, type SigmaLogSource, type SigmaRule } from './types.ts';

interface CompiledFilter {
  readonly filter: SigmaFilter;
  readonly matches: Predicate;
}

const same = (a: string | undefined, b: string | undefined) => a?.toLowerCase() === b?.toLowerCase();

/**
 * pySigma's `rule.logsource in filter.logsource`: every attribute the filter names must equal the rule's, so
 * a filter for `product: windows` covers every Windows rule and one for `category: process_creation` only those.
 */
function coversLogsource(filter: SigmaLogSource, rule: SigmaLogSource): boolean {
  return (['product', 'category', 'service'] as const).every(
    (k) => filter[k] === undefined || same(filter[k], rule[k]),
  );
}

function appliesTo(filter: SigmaFilter, rule: SigmaRule): boolean {
  if (!coversLogsource(filter.logsource, rule.logsource)) return false;
  return filter.rules === null || filter.rules.some((ref) => ref === rule.id || ref === rule.name);
}

/** A filter's detection as a rule, so the rule machinery compiles (and `explain` reads) it like any rule. */
export function filterAsRule(filter: SigmaFilter): SigmaRule {
  return {
    id: filter.id ?? filter.title,
    title: filter.title,
    level: null,
    status: null,
    tags: [],
    logsource: filter.logsource,
    description: null,
    author: null,
    references: [],
    falsepositives: [],
    detection: filter.detection,
    condition: filter.condition,
  };
}

/** A filter's detection compiled with the rule machinery, so it accepts and refuses exactly what rules do. */
function compileFilter(filter: SigmaFilter, placeholders: Readonly<Record<string, string[]>>): CompiledFilter {
  return { filter, matches: compileRule(filterAsRule(filter), placeholders).matches };
}

/**
 * Attaches filters to compiled rules: a rule's match becomes `rule_condition and not filter_condition`
 * (SIGMA.md 2.2.13) for every filter whose log source covers the rule's and whose `rules` name it by id or
 * name. pySigma instead ANDs the filter condition as written (filters then say `not selection`); we follow
 * SIGMA.md and the spec example, whose `condition: selection` names what to exclude. A filter naming rules
 * that are not loaded attaches to nothing, as in pySigma: filters are environment tuning shared across sets.
 * The literal index stays valid because a filter only narrows a rule.
 */
export function applyFilters(
  rules: readonly CompiledRule[],
  filters: readonly SigmaFilter[],
  placeholders: Readonly<Record<string, string[]>>,
): { rules: CompiledRule[]; rejected: RuleRejection[] } {
  const compiled: CompiledFilter[] = [];
  const rejected: RuleRejection[] = [];
  for (const filter of filters) {
    try {
      compiled.push(compileFilter(filter, placeholders));
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const where = { ...(filter.file === undefined ? {} : { file: filter.file }), id: filter.id ?? filter.title };
      rejected.push({ ...where, reason: `filter: ${error.message}` });
    }
  }
  if (compiled.length === 0) return { rules: [...rules], rejected };
  const filtered = rules.map((c) => {
    const attached = compiled.filter((f) => appliesTo(f.filter, c.rule));
    if (attached.length === 0) return c;
    const excluders = attached.map((f) => f.matches);
    const base = c.matches;
    const matches: Predicate = (ctx) => base(ctx) && !excluders.some((excluded) => excluded(ctx));
    return { ...c, matches, filters: attached.map((f) => f.filter) };
  });
  return { rules: filtered, rejected };
}
