import { isPlainObject } from '../log-sources/json-line.parser.ts';
import { type ConditionNode, parseCondition, resolvePattern } from './condition.ts';
import { compileRegex, REGEX_FLAG_MODIFIERS } from './regex.ts';
import { requiredRegexLiteral } from './regex-literal.ts';
import { type Part, parseSigmaString, withContains } from './sigma-string.ts';
import { STRING_TRANSFORMS, transformString } from './string-pipeline.ts';
import { type SigmaRule } from './types.ts';

/**
 * One literal test on a field's lower-cased value. A rule's requirement is a set of atoms of which at least
 * one holds on every event the rule matches, so an event on which none holds can skip the rule. `number`
 * holds when the value reads as that number (`EventID: 4688` matches `"4688"` and `"4688.0"`); its text is
 * the number's canonical decimal. The field `''` (KEYWORDS) stands for every string of the event, as
 * keywords search them.
 */
export interface Atom {
  readonly field: string;
  readonly kind: 'exact' | 'prefix' | 'suffix' | 'contains' | 'number';
  /** lower-case, as the event value is lower-cased once per event */
  readonly text: string;
}

/** The field of keyword atoms: no detection field is named '' (an empty field name means keywords). */
export const KEYWORDS = '';

/** Atoms of which at least one holds. */
export type Clause = readonly Atom[];

/**
 * Clauses that all hold whenever the rule matches (a conjunction of disjunctions); null when nothing could be
 * derived and the rule must always be evaluated. Requiring two clauses (`Image` ends with `\\cmd.exe` *and*
 * `CommandLine` contains ` /c `) selects far fewer rules than either alone.
 */
export type Requirement = readonly Clause[] | null;

/** More clauses cost index entries and rarely select better; the index packs clause numbers in 2 bits. */
export const MAX_CLAUSES = 3;

type Placeholders = Readonly<Record<string, string[]>>;

/*
 * Fields that say which log source an event comes from: routing already decided on them, so a literal on
 * them selects nothing further and is the worst choice for the index.
 */
const SOURCE_FIELDS = new Set(['Channel', 'EventID', 'Provider_Name', 'Provider', 'EventType']);
/** Fields with a handful of common values (`IntegrityLevel: High`, `Company: Microsoft Corporation`). */
const FEW_VALUES = new Set(['IntegrityLevel', 'Company', 'Product', 'User', 'Signed', 'SignatureStatus', 'Initiated']);

/** Rough chance an atom holds on an unrelated event; short substrings are the weakest. */
function weakness(a: Atom): number {
  const base = a.kind === 'exact' || a.kind === 'number' ? 0.05 : a.kind === 'contains' ? 1 : 0.5;
  const field = SOURCE_FIELDS.has(a.field) ? 100 : FEW_VALUES.has(a.field) ? 30 : 1;
  return field * (base / (a.text.length + 1) ** 2);
}

const score = (clause: Clause): number => clause.reduce((sum, a) => sum + weakness(a), 0);

/** AND: the clauses of both sides hold; keep the most selective few. */
function both(left: Requirement, right: Requirement): Requirement {
  if (left === null) return right;
  if (right === null) return left;
  return [...left, ...right].sort((a, b) => score(a) - score(b)).slice(0, MAX_CLAUSES);
}

/**
 * OR: every side must contribute, else nothing is required. Each side's requirement implies its best clause,
 * so the union of those clauses is one clause the disjunction implies.
 */
function either(parts: readonly Requirement[]): Requirement {
  const out: Atom[] = [];
  for (const p of parts) {
    if (p === null || p.length === 0) return null;
    out.push(...p.reduce((best, c) => (score(c) < score(best) ? c : best)));
  }
  return [out];
}

/**
 * The atom a wildcard pattern implies: the whole value, or its longest literal run (anchored runs preferred
 * at equal length, as they are checked at one position only). A pattern without any literal implies nothing.
 */
function patternAtom(field: string, parts: readonly Part[], cased: boolean): Atom | null {
  if (parts.some((p) => p.kind === 'placeholder')) return null;
  const lower = (text: string): string | null => {
    // `toLowerCase` maps Σ by context (final ς), so a cased run containing it could lower differently inside
    // the event value than alone; such values are left unindexed.
    if (cased && /[Σσς]/.test(text)) return null;
    return text.toLowerCase();
  };
  if (parts.every((p) => p.kind === 'text')) {
    // Equality is unaffected by the Σ caveat: equal strings lower-case equally.
    const whole = parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    return { field, kind: 'exact', text: whole.toLowerCase() };
  }
  let best: Atom | null = null;
  parts.forEach((p, i) => {
    if (p.kind !== 'text') return;
    const text = lower(p.text);
    if (text === null) return;
    const kind = i === 0 ? 'prefix' : i === parts.length - 1 ? 'suffix' : 'contains';
    if (best === null || text.length > best.text.length || (text.length === best.text.length && kind !== 'contains'))
      best = { field, kind, text };
  });
  return best;
}

const DISQUALIFYING = new Set(['neq', 'exists', 're', 'cidr', 'fieldref', 'gt', 'gte', 'lt', 'lte']);
const POSITIONS = new Set(['contains', 'startswith', 'endswith']);

/** `|re` values: a literal every match contains, read from the pattern as `compileItem` compiles it. */
function regexRequirement(field: string, flagModifiers: readonly string[], values: readonly unknown[], all: boolean) {
  const flags = new Set<string>();
  for (const m of flagModifiers) {
    if (POSITIONS.has(m)) continue;
    const flag = REGEX_FLAG_MODIFIERS[m];
    if (!flag) return null;
    flags.add(flag);
  }
  const perValue: Requirement[] = values.map((v) => {
    if (typeof v !== 'string') return null;
    let regex: RegExp;
    try {
      regex = compileRegex(v, flags);
    } catch {
      return null;
    }
    const text = requiredRegexLiteral(regex.source);
    return text === null ? null : [[{ field, kind: 'contains', text }]];
  });
  return all ? perValue.reduce<Requirement>(both, null) : either(perValue);
}

/** A plain number (no modifier) also matches numerically (`"4688.0"`), which only a `number` atom captures. */
function numberAtom(field: string, n: number): Requirement {
  // `.inf`/`.nan` compare as text only ("Infinity"), which no numeric lookup finds.
  return Number.isFinite(n) ? [[{ field, kind: 'number', text: String(n) }]] : null;
}

/**
 * The requirement of one detection item, mirroring how `compileItem` reads it; anything unusual → null. A
 * keyword item (field '') tests every string of the event, with an implicit `contains` unless positioned.
 */
function itemRequirement(key: string, raw: unknown, placeholders: Placeholders): Requirement {
  const [field = '', ...rawModifiers] = key.split('|');
  const keyword = field === KEYWORDS;
  const modifiers = rawModifiers.map((m) => (m === 'wide' ? 'utf16le' : m));
  const all = modifiers.includes('all');
  const transforms = modifiers.filter((m) => m !== 'all');
  const values = Array.isArray(raw) ? raw : [raw];
  if (transforms[0] === 're') return regexRequirement(field, transforms.slice(1), values, all);
  if (transforms.some((m) => DISQUALIFYING.has(m) || !STRING_TRANSFORMS.has(m))) return null;
  const implicitContains = keyword && !transforms.some((m) => POSITIONS.has(m));
  const perValue: Requirement[] = values.map((v) => {
    if (typeof v !== 'string' && typeof v !== 'boolean' && typeof v !== 'number') return null;
    if (!keyword && transforms.length === 0 && typeof v === 'number') return numberAtom(field, v);
    let variants: readonly Part[][];
    let cased = false;
    if (transforms.length === 0) variants = [parseSigmaString(String(v))];
    else {
      try {
        ({ variants, cased } = transformString(String(v), transforms, placeholders));
      } catch {
        return null;
      }
    }
    if (implicitContains) variants = variants.map(withContains);
    const atoms = variants.map((parts) => patternAtom(field, parts, cased));
    return atoms.every((a) => a !== null) ? [atoms] : null;
  });
  // `all`: every value must match, so any single value's atoms are required.
  return all ? perValue.reduce<Requirement>(both, null) : either(perValue);
}

/**
 * A search is an OR of its maps and, when it lists scalars, of one keyword item over them (as
 * `searchAlternatives` reads it for `compileRule`).
 */
function searchRequirement(value: unknown, placeholders: Placeholders): Requirement {
  const map = (m: Record<string, unknown>): Requirement =>
    Object.entries(m).reduce<Requirement>((req, [k, v]) => both(req, itemRequirement(k, v, placeholders)), null);
  if (isPlainObject(value)) return map(value);
  const list = Array.isArray(value) ? value : [value];
  const keywords = list.filter((v) => !isPlainObject(v));
  const parts = list.flatMap((v) => (isPlainObject(v) ? [map(v)] : []));
  if (keywords.length > 0) parts.push(itemRequirement(KEYWORDS, keywords, placeholders));
  return either(parts);
}

function nodeRequirement(node: ConditionNode, searches: ReadonlyMap<string, Requirement>): Requirement {
  switch (node.kind) {
    case 'and':
      return both(nodeRequirement(node.left, searches), nodeRequirement(node.right, searches));
    case 'or':
      return either([nodeRequirement(node.left, searches), nodeRequirement(node.right, searches)]);
    case 'not':
      return null;
    case 'ref':
      return searches.get(node.name) ?? null;
    case 'of': {
      const parts = resolvePattern(node.pattern, [...searches.keys()]).map((n) => searches.get(n) ?? null);
      if (parts.length === 0) return null;
      return node.quantifier === 'all' ? parts.reduce<Requirement>(both, null) : either(parts);
    }
  }
}

/**
 * Literals a compiled rule needs (at least one of them) to match, or null. Called only for rules that
 * compiled, so the detection is known to be valid; any doubt still yields null, which only costs speed.
 */
export function ruleRequirement(rule: SigmaRule, placeholders: Placeholders): Requirement {
  const searches = new Map<string, Requirement>();
  for (const [identifier, value] of Object.entries(rule.detection)) {
    searches.set(identifier, searchRequirement(value, placeholders));
  }
  const parts = rule.condition.map((c) => nodeRequirement(parseCondition(c), searches));
  const req = either(parts);
  return req === null || req.length === 0 ? null : req;
}
