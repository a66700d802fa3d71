import {
  type ConditionOperator,
  type ConditionTest,
  type CorrelationType,
  type SigmaCorrelation,
} from './correlation-types.ts';

const TYPES: ReadonlySet<string> = new Set<CorrelationType>([
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
]);
const OPERATORS: ReadonlySet<string> = new Set<ConditionOperator>(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']);
const SECTION_KEYS: ReadonlySet<string> = new Set([
  'type',
  'rules',
  'group-by',
  'timespan',
  'condition',
  'aliases',
  'generate',
]);

/** Spec units s/m/h/d, plus pySigma's w, M (2629746 s) and y (31556952 s). */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  M: 2_629_746,
  y: 31_556_952,
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

class Invalid extends Error {}

/** `5m` → 300000; anything else (no unit, zero, decimals, upper-case `H`) is refused. */
export function parseTimespan(value: unknown): number {
  if (value === undefined || value === null) throw new Invalid('correlation.timespan is missing');
  const m = typeof value === 'string' ? /^([1-9][0-9]*)([smhdwMy])$/.exec(value.trim()) : null;
  if (!m) throw new Invalid(`timespan '${String(value)}' is not a number followed by s, m, h, d, w, M or y`);
  return Number(m[1]) * UNIT_SECONDS[m[2]!]! * 1000;
}

function textList(value: unknown, what: string, allowSingle: boolean): string[] {
  if (allowSingle && isText(value)) return [value];
  if (!Array.isArray(value) || !value.every(isText)) {
    throw new Invalid(`${what} must be ${allowSingle ? 'a string or ' : ''}a list of strings`);
  }
  if (new Set(value).size !== value.length) throw new Invalid(`${what} lists a value twice`);
  return value;
}

function parseCondition(type: CorrelationType, raw: unknown): { condition: ConditionTest[]; fields: string[] } {
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  if (raw === undefined || raw === null) {
    if (temporal) return { condition: [], fields: [] };
    throw new Invalid(`a ${type} correlation needs a condition`);
  }
  if (!isRecord(raw)) throw new Invalid('condition must be a map of gt/gte/lt/lte/eq/neq');
  const condition: ConditionTest[] = [];
  let fields: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'field') {
      fields = textList(value, 'condition.field', true);
      continue;
    }
    if (!OPERATORS.has(key)) throw new Invalid(`condition: unknown operator '${key}' (gt, gte, lt, lte, eq, neq)`);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Invalid(`condition.${key} must be a number, not ${JSON.stringify(value)}`);
    }
    condition.push({ op: key as ConditionOperator, value });
  }
  if (condition.length === 0) throw new Invalid('condition has no operator (gt, gte, lt, lte, eq, neq)');
  const valueType = type.startsWith('value_');
  if (valueType && fields.length === 0) throw new Invalid(`a ${type} correlation needs condition.field`);
  if (!valueType && fields.length > 0) throw new Invalid(`condition.field is only meaningful for value_* types`);
  if (fields.length > 1 && type !== 'value_count') throw new Invalid(`${type} takes a single condition.field`);
  return { condition, fields };
}

function parseAliases(raw: unknown): Record<string, Record<string, string>> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new Invalid('aliases must map alias → {rule: field}');
  const aliases: Record<string, Record<string, string>> = {};
  for (const [alias, mapping] of Object.entries(raw)) {
    if (!isRecord(mapping) || Object.keys(mapping).length === 0 || !Object.values(mapping).every(isText)) {
      throw new Invalid(`aliases.${alias} must map rule names to field names`);
    }
    aliases[alias] = mapping as Record<string, string>;
  }
  return aliases;
}

function parseGenerate(top: unknown, inSection: unknown): boolean {
  // The spec lists `generate` among the top-level attributes, pySigma reads it inside `correlation:`.
  for (const v of [top, inSection]) {
    if (v !== undefined && v !== null && typeof v !== 'boolean') throw new Invalid('generate must be true or false');
  }
  if (typeof top === 'boolean' && typeof inSection === 'boolean' && top !== inSection) {
    throw new Invalid('generate is given twice with different values');
  }
  return top === true || inSection === true;
}

const optionalText = (doc: Record<string, unknown>, key: string): string | null => {
  const v = doc[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new Invalid(`${key} must be a string`);
  return v;
};

/** `references`, `falsepositives`: a list of strings, also accepted as one string (as for base rules). */
const metadataList = (doc: Record<string, unknown>, key: string): string[] => {
  const v = doc[key];
  if (v === undefined || v === null) return [];
  const list: unknown[] = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string' || typeof x === 'number')) {
    throw new Invalid(`${key} must be a string or a list of strings`);
  }
  return list.map(String);
};

/**
 * A `correlation:` document → `SigmaCorrelation`, or the reason it is refused. References to rules are
 * checked later, against the loaded collection (`compileCorrelations`).
 */
export function toCorrelation(doc: Record<string, unknown>, file: string | undefined): SigmaCorrelation | string {
  try {
    const title = doc['title'];
    if (!isText(title)) throw new Invalid('title: a correlation needs a title');
    const section = doc['correlation'];
    if (!isRecord(section)) throw new Invalid('correlation must be a map');
    for (const key of Object.keys(section)) {
      if (!SECTION_KEYS.has(key)) throw new Invalid(`correlation: unknown attribute '${key}'`);
    }
    const type = section['type'];
    if (typeof type !== 'string' || !TYPES.has(type)) {
      throw new Invalid(`correlation.type '${String(type)}' is not one of ${[...TYPES].join(', ')}`);
    }
    const rules = textList(section['rules'], 'correlation.rules', true);
    if (rules.length === 0) throw new Invalid('correlation.rules is empty');
    const rawGroupBy = section['group-by'];
    const groupBy = rawGroupBy === undefined || rawGroupBy === null ? [] : textList(rawGroupBy, 'group-by', true);
    const { condition, fields } = parseCondition(type as CorrelationType, section['condition']);
    const id = optionalText(doc, 'id');
    const name = optionalText(doc, 'name');
    const tags = doc['tags'];
    return {
      id,
      name,
      key: id ?? name ?? title,
      title,
      level: optionalText(doc, 'level'),
      status: optionalText(doc, 'status'),
      description: optionalText(doc, 'description'),
      author: optionalText(doc, 'author'),
      references: metadataList(doc, 'references'),
      falsepositives: metadataList(doc, 'falsepositives'),
      tags: Array.isArray(tags) ? tags.map(String) : [],
      ...(file === undefined ? {} : { file }),
      type: type as CorrelationType,
      rules,
      groupBy,
      timespan: String(section['timespan']),
      timespanMs: parseTimespan(section['timespan']),
      condition,
      fields,
      aliases: parseAliases(section['aliases']),
      generate: parseGenerate(doc['generate'], section['generate']),
    };
  } catch (error) {
    if (error instanceof Invalid) return error.message;
    throw error;
  }
}
