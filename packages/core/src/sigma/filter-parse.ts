import { type SigmaFilter } from './correlation-types.ts';
import { type SigmaLogSource } from './types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function logsourceOf(raw: unknown): SigmaLogSource | string {
  if (!isRecord(raw)) return 'logsource: a filter needs a log source map';
  const logsource: SigmaLogSource = {};
  for (const key of ['product', 'category', 'service'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (!isText(v)) return `logsource.${key} must be a string`;
    logsource[key] = v;
  }
  return logsource;
}

/** `rules:` of a filter: a list of ids/names, one of them, or `any`/`all` (pySigma) for the whole log source. */
function ruleReferences(raw: unknown): string[] | null | string {
  if (isText(raw)) return ['any', 'all'].includes(raw.toLowerCase()) ? null : [raw];
  if (Array.isArray(raw) && raw.length > 0 && raw.every(isText)) return raw;
  return "filter.rules must list rule ids or names (or be 'any' to apply to the whole log source)";
}

/**
 * A `filter:` document → `SigmaFilter`, or the reason it is refused. The search identifiers are compiled
 * with the rules they attach to (`compile(rules, { filters })`), which refuses invalid detection logic.
 */
export function toFilter(doc: Record<string, unknown>, file: string | undefined): SigmaFilter | string {
  if (!isText(doc['title'])) return 'title: a filter needs a title';
  const id = doc['id'];
  if (id !== undefined && id !== null && !isText(id)) return 'id must be a string';
  const logsource = logsourceOf(doc['logsource']);
  if (typeof logsource === 'string') return logsource;
  const section = doc['filter'];
  if (!isRecord(section)) return 'filter must be a map of rules, search identifiers and condition';
  const rules = ruleReferences(section['rules']);
  if (typeof rules === 'string') return rules;
  const rawCondition = section['condition'];
  const condition = [rawCondition].flat();
  if (condition.length === 0 || !condition.every(isText)) return 'filter.condition must be a string';
  const { rules: _rules, condition: _condition, ...detection } = section;
  if (Object.keys(detection).length === 0) return 'filter has no search identifier (e.g. selection)';
  return {
    id: isText(id) ? id : null,
    title: doc['title'],
    ...(file === undefined ? {} : { file }),
    logsource,
    rules,
    detection,
    condition,
  };
}
