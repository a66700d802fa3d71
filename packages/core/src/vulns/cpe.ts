import { InputError } from '../errors.ts';

/**
 * CPE 2.3 names in the formatted-string binding (NISTIR 7695 §6.2):
 * `cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other`.
 *
 * - A value is `*` (ANY), `-` (NA) or a string in which `\` quotes the next character (`\:`, `\/`, `\(`, …).
 * - Unquoted `*` and `?` inside a value are wildcards, allowed only at its start or end (NISTIR 7695 §5.3.2);
 *   they occur in match criteria, not in names of installed software.
 * - Values are compared case-insensitively (the dictionary is lower case), after unquoting.
 *
 * Comparison follows NISTIR 7696 (CPE name matching) per attribute: a criterion value of ANY is a superset of
 * anything; equal values match; NA matches only NA; a criterion value against an asset's ANY is a *subset*, which
 * NIST counts as no match — here it is reported as "unknown" so the caller can list it as a possible finding
 * without counting it. Vendor and product are compared through `vendorKey`/`productKey` (separators and
 * company suffixes removed), never by similarity.
 */

export const ANY: unique symbol = Symbol('ANY');
export const NA: unique symbol = Symbol('NA');

/** A value with unquoted `*`/`?` at its ends (match criteria only). */
export interface CpePattern {
  readonly text: string;
  readonly regex: RegExp;
}

export type CpeValue = string | typeof ANY | typeof NA | CpePattern;

export const CPE_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'swEdition',
  'targetSw',
  'targetHw',
  'other',
] as const;
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/** A parsed CPE 2.3 name: literal values unquoted and lower-cased; `raw` is the string as given. */
export type Cpe = { readonly raw: string } & { readonly [K in CpeAttribute]: CpeValue };

const MAX_CPE_LENGTH = 1024;
const PREFIX = 'cpe:2.3:';

/** Splits on unquoted colons; throws on a dangling `\`. */
function splitFormatted(body: string, raw: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 92 /* \ */) {
      if (i + 1 >= body.length) throw new InputError(`CPE "${raw}": ends with a lone "\\"`);
      i++;
    } else if (c === 58 /* : */) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** One attribute value of the formatted string → CpeValue. */
function parseValue(text: string, raw: string, attribute: CpeAttribute): CpeValue {
  if (text === '') throw new InputError(`CPE "${raw}": ${attribute} is empty (use * for any)`);
  if (text === '*') return ANY;
  if (text === '-') return NA;
  if (!/[\\*?]/.test(text)) return text.toLowerCase();
  const chars: string[] = [];
  const special: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\') {
      chars.push((text[i + 1] as string).toLowerCase());
      special.push(false);
      i++;
    } else {
      chars.push(ch.toLowerCase());
      special.push(ch === '*' || ch === '?');
    }
  }
  const first = special.indexOf(false);
  const last = special.lastIndexOf(false);
  for (let i = first; i <= last && first >= 0; i++) {
    if (special[i]) throw new InputError(`CPE "${raw}": ${attribute} has an unquoted "${chars[i]}" inside the value`);
  }
  const literal = chars.join('');
  if (!special.includes(true)) return literal;
  const pattern = chars.map((ch, i) => (special[i] ? (ch === '*' ? '.*' : '.') : escapeRegex(ch))).join('');
  return { text: literal, regex: new RegExp(`^${pattern}$`, 's') };
}

/**
 * Parses a CPE 2.3 formatted string. Throws `InputError` naming the problem when the text is not one (wrong
 * prefix, not 11 attributes, bad part, misplaced wildcard, dangling escape). Vendor and product must be
 * literal for the name to be matchable; that is checked by the matcher, not here.
 */
export function parseCpe(raw: string): Cpe {
  if (raw.length > MAX_CPE_LENGTH) throw new InputError(`CPE is longer than ${MAX_CPE_LENGTH} characters`);
  if (raw.slice(0, PREFIX.length).toLowerCase() !== PREFIX) {
    throw new InputError(`CPE "${raw}": must start with "${PREFIX}"`);
  }
  const parts = splitFormatted(raw.slice(PREFIX.length), raw);
  if (parts.length !== CPE_ATTRIBUTES.length) {
    throw new InputError(`CPE "${raw}": has ${parts.length} attributes after "${PREFIX}", expected 11`);
  }
  const values = {} as Record<CpeAttribute, CpeValue>;
  CPE_ATTRIBUTES.forEach((attribute, i) => {
    values[attribute] = parseValue(parts[i] as string, raw, attribute);
  });
  const part = values.part;
  if (part !== ANY && part !== 'a' && part !== 'o' && part !== 'h') {
    throw new InputError(`CPE "${raw}": part must be a, o, h or *`);
  }
  return { raw, ...values };
}

/**
 * Parses a CPE 2.2 URI (`cpe:/o:vendor:product:version:update:edition:language`, percent-encoded), which CVE 5
 * `cpes` may hold, into the same form. Missing attributes are ANY; packed editions (`~`) are not unpacked.
 */
export function parseCpeUri(raw: string): Cpe {
  if (raw.length > MAX_CPE_LENGTH) throw new InputError(`CPE is longer than ${MAX_CPE_LENGTH} characters`);
  if (!/^cpe:\/[aho]?(:[^:]*){0,6}$/i.test(raw)) throw new InputError(`CPE "${raw}": not a CPE 2.2 URI`);
  const parts = raw.slice(5).split(':');
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    throw new InputError(`CPE "${raw}": bad percent-encoding`);
  }
  const quoted = CPE_ATTRIBUTES.map((_, i) => {
    const value = decoded[i];
    if (value === undefined || value === '' || value === '*') return '*';
    if (value === '-') return '-';
    return quoteCpeValue(value);
  });
  return { ...parseCpe(`${PREFIX}${quoted.join(':')}`), raw };
}

/** parseCpe or parseCpeUri by prefix, returning null instead of throwing (for bulk data where one bad name must not stop all). */
export function tryParseCpe(raw: string): Cpe | null {
  try {
    return raw.startsWith('cpe:/') ? parseCpeUri(raw) : parseCpe(raw);
  } catch {
    return null;
  }
}

export function isLiteral(value: CpeValue): value is string {
  return typeof value === 'string';
}

/** Quotes a literal for the formatted string: every character other than letters, digits, `_`, `.` and `-`. */
export function quoteCpeValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, (c) => `\\${c}`);
}

/** The formatted string of a parsed name (lower case, canonical quoting). */
export function formatCpe(cpe: Cpe): string {
  return (
    PREFIX +
    CPE_ATTRIBUTES.map((attribute) => {
      const value = cpe[attribute];
      if (value === ANY) return '*';
      if (value === NA) return '-';
      if (typeof value === 'string') return quoteCpeValue(value);
      return value.text.replace(/[^A-Za-z0-9_.*?-]/g, (c) => `\\${c}`);
    }).join(':')
  );
}

/** Human form of one value for reasons and messages. */
export function describeCpeValue(value: CpeValue): string {
  if (value === ANY) return '*';
  if (value === NA) return '-';
  return typeof value === 'string' ? value : value.text;
}

const COMPANY_SUFFIXES = new Set([
  'ab',
  'ag',
  'as',
  'bv',
  'co',
  'company',
  'corp',
  'corporation',
  'gmbh',
  'inc',
  'incorporated',
  'kg',
  'kk',
  'limited',
  'llc',
  'ltd',
  'nv',
  'oy',
  'plc',
  'pty',
  'pvt',
  'sa',
  'se',
  'spa',
  'srl',
]);

function baseName(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\\(.)/g, '$1').trim();
}

/**
 * The comparison key of a vendor name, from a CPE or from a CVE 5 `vendor` string: lower case, quoting removed,
 * words joined without separators, trailing company-form words (Inc, Ltd, GmbH, AB, …) dropped. So
 * `schneider-electric`, `schneider_electric` and "Schneider Electric SE" agree; "Axis Communications AB"
 * (`axiscommunications`) and `axis` do not. Returns '' for an empty name, which never matches.
 */
export function vendorKey(vendor: string): string {
  const words = baseName(vendor)
    .split(/[\s_.,\-/]+/)
    .filter((w) => w !== '');
  while (words.length > 1 && COMPANY_SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  return words.join('');
}

/**
 * The comparison key of a product name within its vendor: lower case, quoting removed, whitespace, `_` and `-`
 * removed, and leading words that spell the vendor key dropped ("AXIS OS" by axis ≡ `axis_os` ≡ "OS"; "Siemens
 * SINEC Security Monitor" ≡ `sinec_security_monitor`). Dots, slashes and other characters stay: they
 * distinguish models.
 */
export function productKey(vendorKeyValue: string, product: string): string {
  const words = baseName(product)
    .split(/[\s_-]+/)
    .filter((w) => w !== '');
  let prefix = '';
  for (let k = 0; k < words.length - 1 && prefix.length < vendorKeyValue.length; k++) {
    prefix += words[k] as string;
    if (prefix === vendorKeyValue) return words.slice(k + 1).join('');
  }
  return words.join('');
}

/** `vendorKey:productKey` of a CPE, or null when vendor or product is not a literal (ANY, NA, wildcard). */
export function cpeProductKey(cpe: Cpe): string | null {
  if (!isLiteral(cpe.vendor) || !isLiteral(cpe.product)) return null;
  const vendor = vendorKey(cpe.vendor);
  const product = productKey(vendor, cpe.product);
  return vendor === '' || product === '' ? null : `${vendor}:${product}`;
}

/** Result of comparing one criterion attribute with the asset's: 'unknown' when the asset's value is ANY. */
export type AttributeMatch = 'yes' | 'no' | 'unknown';

/**
 * NISTIR 7696 comparison of one attribute, criterion (source) against the asset's name (target). Patterns in
 * the target are compared as text (inventory names should not hold wildcards).
 */
export function compareAttribute(criterion: CpeValue, asset: CpeValue): AttributeMatch {
  if (criterion === ANY) return 'yes';
  if (asset === ANY) return 'unknown';
  if (criterion === NA || asset === NA) return criterion === asset ? 'yes' : 'no';
  const target = typeof asset === 'string' ? asset : asset.text;
  if (typeof criterion === 'string') return criterion === target ? 'yes' : 'no';
  return typeof asset === 'string' && criterion.regex.test(target) ? 'yes' : 'no';
}
