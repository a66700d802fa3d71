import { compileCidr } from './cidr.ts';
import { type EventContext, fieldSlot } from './event-context.ts';
import { compileRegex, REGEX_FLAG_MODIFIERS } from './regex.ts';
import { parseSigmaString, plainText, withContains } from './sigma-string.ts';
import { STRING_TRANSFORMS, transformString } from './string-pipeline.ts';
import { compileAlternatives, type StringTest } from './string-matcher.ts';
import { extractTimePart, TIME_PARTS, type TimePart } from './time-parts.ts';
import { RuleError } from './types.ts';

/** A compiled piece of detection logic, evaluated on one event. */
export type Predicate = (ctx: EventContext) => boolean;

type Scalar = string | number | boolean;

const ALIASES: Readonly<Record<string, string>> = { wide: 'utf16le' };
const COMPARISONS = new Set(['gt', 'gte', 'lt', 'lte']);
const POSITION_MODIFIERS = new Set(['contains', 'startswith', 'endswith']);
const KNOWN = new Set([
  ...STRING_TRANSFORMS,
  ...Object.keys(REGEX_FLAG_MODIFIERS),
  ...COMPARISONS,
  ...TIME_PARTS,
  'all',
  'neq',
  're',
  'cidr',
  'exists',
  'fieldref',
  'wide',
]);

const describe = (v: unknown): string => `${typeof v} ${JSON.stringify(v)}`;

function parseModifiers(key: string): { field: string; modifiers: string[] } {
  const [field = '', ...raw] = key.split('|');
  const modifiers: string[] = [];
  for (const m of raw) {
    if (!KNOWN.has(m)) throw new RuleError(`unknown modifier |${m} on '${key}'`);
    const name = ALIASES[m] ?? m;
    if (modifiers.includes(name)) throw new RuleError(`modifier |${m} repeated on '${key}'`);
    modifiers.push(name);
  }
  return { field, modifiers };
}

function scalarValues(raw: unknown, key: string): (Scalar | null)[] {
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) throw new RuleError(`'${key}' has an empty value list`);
  for (const v of values) {
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new RuleError(`'${key}' has a non-scalar value ${JSON.stringify(v)}`);
    }
  }
  if (values.length > 1 && values.includes(null)) throw new RuleError(`'${key}': null cannot be part of a value list`);
  return values as (Scalar | null)[];
}

function requireType<T extends Scalar>(values: (Scalar | null)[], type: string, why: string): T[] {
  for (const v of values) if (typeof v !== type) throw new RuleError(`${why} expects a ${type}, got ${describe(v)}`);
  return values as T[];
}

/** A finite number, or a string that reads as one; null otherwise (the numeric reading of plain numbers). */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Plain (unmodified) number: equal as strings, or numerically when the event value is numeric. */
function numberTest(n: number): StringTest {
  const canonical = String(n);
  return (s) => s === canonical || toNumber(s) === n;
}

/** One compiled detection item: `field|modifiers: value(s)`, or a keyword list when `field` is empty. */
export function compileItem(key: string, raw: unknown, placeholders: Readonly<Record<string, string[]>>): Predicate {
  const { field, modifiers } = parseModifiers(key);
  const values = scalarValues(raw, key);
  const all = modifiers.includes('all');
  const neq = modifiers.includes('neq');
  const rest = modifiers.filter((m) => m !== 'all' && m !== 'neq');
  const keyword = field === '';

  if (values[0] === null) {
    if (modifiers.length > 0) throw new RuleError(`'${key}': null takes no modifiers`);
    if (keyword) throw new RuleError('a keyword cannot be null');
    return (ctx) => ctx.value(field) == null;
  }
  const nonNull = values as Scalar[];
  if (rest.includes('exists')) return compileExists(key, field, modifiers, nonNull);
  if (keyword && neq) throw new RuleError(`'${key}': |neq needs a field name`);
  if (keyword && rest.some((m) => !STRING_TRANSFORMS.has(m) && m !== 're' && !(m in REGEX_FLAG_MODIFIERS))) {
    throw new RuleError(`'${key}': keyword search supports only string and regex modifiers`);
  }
  const tests = compileValueTests(key, rest, nonNull, keyword, all, placeholders);
  const slot = fieldSlot(field);
  const strings = keyword
    ? (ctx: EventContext) => ctx.keywordStrings(tests.cased)
    : (ctx: EventContext) => ctx.stringsAt(slot, field, tests.cased);
  const one = (ctx: EventContext, test: (s: readonly string[], ctx: EventContext) => boolean): boolean =>
    test(strings(ctx), ctx);
  const matched: Predicate = all
    ? (ctx) => tests.list.every((t) => one(ctx, t))
    : tests.list.length === 1
      ? (ctx) => one(ctx, tests.list[0]!)
      : (ctx) => tests.list.some((t) => one(ctx, t));
  if (!neq) return matched;
  // neq negates the whole item (pySigma: item negated), but like SQL's NULL a missing or null field is no match.
  return (ctx) => ctx.value(field) != null && !matched(ctx);
}

type ValueTest = (strings: readonly string[], ctx: EventContext) => boolean;

interface ValueTests {
  readonly list: readonly ValueTest[];
  readonly cased: boolean;
}

const anyString =
  (test: StringTest): ValueTest =>
  (strings) =>
    strings.some(test);

function compileValueTests(
  key: string,
  rest: string[],
  values: Scalar[],
  keyword: boolean,
  all: boolean,
  placeholders: Readonly<Record<string, string[]>>,
): ValueTests {
  const field = key.split('|')[0]!;
  const first = rest[0];
  const misplaced = rest.findIndex((m, i) => i > 0 && (m === 're' || m === 'cidr'));
  if (misplaced !== -1) throw new RuleError(`'${key}': |${rest[misplaced]} must be the first modifier`);
  if (first === 're') return { list: compileRegexTests(key, rest.slice(1), values), cased: true };
  const regexFlag = rest.find((m) => m in REGEX_FLAG_MODIFIERS);
  if (regexFlag) throw new RuleError(`'${key}': |${regexFlag} is only valid after |re`);
  if (first === 'cidr') {
    if (rest.length > 1) throw new RuleError(`'${key}': |cidr takes no further value modifiers`);
    const tests = requireType<string>(values, 'string', '|cidr').map((v) => anyString(compileCidr(v)));
    return { list: tests, cased: true };
  }
  if (rest.includes('fieldref')) return { list: compileFieldRefs(key, field, rest, values), cased: true };
  const comparison = rest.find((m) => COMPARISONS.has(m));
  const timePart = rest.find((m) => TIME_PARTS.has(m)) as TimePart | undefined;
  if (comparison || timePart)
    return { list: compileNumeric(key, field, rest, values, comparison, timePart), cased: true };

  const transforms = rest;
  if (transforms.length === 0 && !keyword) {
    if (all) return { list: values.map((v) => anyString(scalarTest([v]))), cased: false };
    return { list: [anyString(scalarTest(values))], cased: false };
  }
  const implicitContains = keyword && !transforms.some((m) => POSITION_MODIFIERS.has(m));
  let cased = false;
  const variantsOf = values.map((v) => {
    // A YAML number or bool under a string modifier is read as its text (`|contains: 1337` finds "x1337y").
    const value = transformString(String(v), transforms, placeholders);
    cased = value.cased;
    return implicitContains ? value.variants.map(withContains) : value.variants;
  });
  // Without `all` the values are one OR, compiled as one merged matcher (one Set, one automaton, …).
  if (!all) return { list: [anyString(compileAlternatives(variantsOf.flat(), cased))], cased };
  return { list: variantsOf.map((variants) => anyString(compileAlternatives(variants, cased))), cased };
}

/** OR of plain values: numbers compare as numbers too, strings and bools as (wildcard) patterns. */
function scalarTest(values: readonly Scalar[]): StringTest {
  const numbers = values.filter((v): v is number => typeof v === 'number').map(numberTest);
  const patterns = values.filter((v) => typeof v !== 'number').map((v) => parseSigmaString(String(v)));
  const strings = patterns.length === 0 ? null : compileAlternatives(patterns, false);
  if (numbers.length === 0 && strings !== null) return strings;
  return (s) => (strings !== null && strings(s)) || numbers.some((t) => t(s));
}

function compileRegexTests(key: string, flags: string[], values: Scalar[]): ValueTest[] {
  const jsFlags = new Set<string>();
  for (const m of flags) {
    // contains/startswith/endswith on a regex change nothing under search semantics (SIGMA.md 2.2.10).
    if (POSITION_MODIFIERS.has(m)) continue;
    const flag = REGEX_FLAG_MODIFIERS[m];
    if (!flag) throw new RuleError(`'${key}': |${m} cannot follow |re`);
    jsFlags.add(flag);
  }
  return requireType<string>(values, 'string', '|re').map((source) => {
    let regex: RegExp;
    try {
      regex = compileRegex(source, jsFlags);
    } catch (error) {
      if (error instanceof RuleError) throw new RuleError(`'${key}': ${error.message}`);
      throw error;
    }
    return anyString((s) => regex.test(s));
  });
}

function compileExists(key: string, field: string, modifiers: string[], values: Scalar[]): Predicate {
  if (modifiers.length > 1) throw new RuleError(`'${key}': |exists takes no other modifier`);
  if (field === '') throw new RuleError(`'${key}': |exists needs a field name`);
  if (values.length !== 1 || typeof values[0] !== 'boolean') {
    throw new RuleError(`'${key}': |exists expects a single boolean, got ${JSON.stringify(values)}`);
  }
  const expected = values[0];
  return (ctx) => (ctx.value(field) !== undefined) === expected;
}

function compileFieldRefs(key: string, field: string, rest: string[], values: Scalar[]): ValueTest[] {
  const other = rest.find((m) => m !== 'fieldref' && !POSITION_MODIFIERS.has(m));
  if (other) throw new RuleError(`'${key}': |fieldref cannot be combined with |${other}`);
  const starts = rest.includes('startswith') || rest.includes('contains');
  const ends = rest.includes('endswith') || rest.includes('contains');
  if (field === '') throw new RuleError(`'${key}': |fieldref needs a field name`);
  return requireType<string>(values, 'string', '|fieldref').map((reference) => {
    if (plainText(parseSigmaString(reference)) === null) {
      throw new RuleError(`'${key}': |fieldref name '${reference}' contains wildcards`);
    }
    const compare = (a: string, b: string): boolean =>
      starts && ends ? a.includes(b) : starts ? a.startsWith(b) : ends ? a.endsWith(b) : a === b;
    // A missing referenced field is no match: there is nothing to compare with.
    return (_strings, ctx) => {
      const refs = ctx.strings(reference, false);
      return refs.length > 0 && ctx.strings(field, false).some((a) => refs.some((b) => compare(a, b)));
    };
  });
}

function compileNumeric(
  key: string,
  field: string,
  rest: string[],
  values: Scalar[],
  comparison: string | undefined,
  timePart: TimePart | undefined,
): ValueTest[] {
  const expected = (timePart ? 1 : 0) + (comparison ? 1 : 0);
  if (rest.length !== expected || (timePart && rest[0] !== timePart)) {
    throw new RuleError(`'${key}': invalid modifier combination |${rest.join('|')}`);
  }
  const numbers = requireType<number>(values, 'number', `|${comparison ?? timePart}`);
  const read = (v: unknown): number | null => (timePart ? extractTimePart(v, timePart) : toNumber(v));
  const op = comparison ?? 'eq';
  const cmp: Record<string, (a: number, b: number) => boolean> = {
    gt: (a, b) => a > b,
    gte: (a, b) => a >= b,
    lt: (a, b) => a < b,
    lte: (a, b) => a <= b,
    eq: (a, b) => a === b,
  };
  const test = cmp[op]!;
  return numbers.map((n) => (_strings, ctx) => {
    const raw = ctx.value(field);
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      const x = read(v);
      if (x !== null && test(x, n)) return true;
    }
    return false;
  });
}
