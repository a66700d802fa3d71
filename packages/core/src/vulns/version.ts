/**
 * Version ordering for CPE versions and CVE 5 / NVD version bounds. CPE versions are not semver: the data holds
 * `2.4.49`, `1.0.1g`, `12.4(9)t`, `15.2(4)e10` (Cisco), `V5.00.000`, `4.30.096build221220`, `3.0.1-r1`,
 * `8.0.0-rc1`, `1.0~beta2`, dates such as `20240403`. One total order is used for all of them:
 *
 * 1. Lower-case; drop a leading `v` before a digit (`V5.00.000` = `5.00.000`).
 * 2. Split into tokens: runs of digits (numeric) and runs of letters (alphabetic); every other character
 *    (`.`, `-`, `_`, `(`, `)`, `+`, space) only separates. A `~` also separates and marks the word after it as a
 *    pre-release (Debian style).
 * 3. An alphabetic token is a *pre-release* when it is dev, alpha, beta, pre, preview, milestone, rc, cr or
 *    snapshot, or a single `a`/`b` directly followed by digits (`1.0a1`, `2.0b3`). Other letters — `1.0.1g`,
 *    `12.4(9)t`, `r1`, `build` — are post-release qualifiers.
 * 4. Compare token by token: numbers numerically (any length, leading zeros ignored); two letter tokens:
 *    pre-release before non-pre-release, pre-releases by rank (dev < alpha < beta < milestone/pre/preview <
 *    rc/cr), otherwise alphabetically. Across kinds: pre-release < number < post-release word, so
 *    `1.2.beta` < `1.2.3` < `1.2.g`. When one side runs out, the missing tokens are 0: trailing zeros do not
 *    matter (`7.0` = `7.0.0`), an extra number or a post-release word makes the longer version later
 *    (`1.0.1g` > `1.0.1`), a pre-release makes it earlier (`2.4.49-rc1` < `2.4.49`). This is lexicographic order
 *    over zero-padded token lists with a total order on tokens, hence a total order on versions.
 *
 * Limits: the order is only meaningful inside one numbering scheme. Cisco train letters compare alphabetically
 * (`15.2(4)e` vs `15.2(4)m` is an answer, not a fact); Debian epochs (`1:2.3`), RPM release parts and git
 * hashes are not understood. `versionsComparable` says whether two versions look like the same scheme (both
 * numeric first, or the same leading word); matching treats an incomparable bound as "unknown", never as a match.
 */

const NUMERIC = 0;
const ALPHA = 1;
const PRE = 2;

export interface ParsedVersion {
  readonly raw: string;
  /** Token text: digits without leading zeros ('0' for zero) or lower-case letters. */
  readonly tokens: readonly string[];
  /** NUMERIC, ALPHA or PRE per token. */
  readonly kinds: readonly number[];
}

const PRE_RANK: Record<string, number> = {
  dev: 0,
  snapshot: 0,
  alpha: 1,
  a: 1,
  beta: 2,
  b: 2,
  milestone: 3,
  pre: 3,
  preview: 3,
  rc: 4,
  cr: 4,
};
const PRE_WORDS = new Set(['dev', 'snapshot', 'alpha', 'beta', 'milestone', 'pre', 'preview', 'rc', 'cr']);

const cache = new Map<string, ParsedVersion>();
const CACHE_LIMIT = 50_000;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** Tokenises a version (memoised: the same bounds recur across thousands of criteria). */
export function parseVersion(raw: string): ParsedVersion {
  const hit = cache.get(raw);
  if (hit) return hit;
  let text = raw.trim().toLowerCase();
  if (/^v\d/.test(text)) text = text.slice(1);
  const tokens: string[] = [];
  const kinds: number[] = [];
  let tilde = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      let j = i;
      while (j < text.length && isDigit(text.charCodeAt(j))) j++;
      tokens.push(text.slice(i, j).replace(/^0+(?=\d)/, ''));
      kinds.push(NUMERIC);
      i = j;
      tilde = false;
    } else if (isLetter(c)) {
      let j = i;
      while (j < text.length && isLetter(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      const followedByDigit = j < text.length && isDigit(text.charCodeAt(j));
      const pre = tilde || PRE_WORDS.has(word) || ((word === 'a' || word === 'b') && followedByDigit);
      tokens.push(word);
      kinds.push(pre ? PRE : ALPHA);
      i = j;
      tilde = false;
    } else {
      if (c === 126 /* ~ */) tilde = true;
      i++;
    }
  }
  const parsed = { raw, tokens, kinds };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, parsed);
  return parsed;
}

function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTokens(ta: string, ka: number, tb: string, kb: number): number {
  if (ka === NUMERIC && kb === NUMERIC) return compareNumeric(ta, tb);
  if (ka === PRE && kb === PRE) {
    const ra = PRE_RANK[ta] ?? 3;
    const rb = PRE_RANK[tb] ?? 3;
    if (ra !== rb) return ra < rb ? -1 : 1;
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  }
  if (ka === PRE) return -1;
  if (kb === PRE) return 1;
  if (ka === ALPHA && kb === ALPHA) return ta < tb ? -1 : ta > tb ? 1 : 0;
  return ka === ALPHA ? 1 : -1;
}

/** How a version continues where the other has ended: -1 earlier (pre-release), 0 same, 1 later. */
function tail(tokens: readonly string[], kinds: readonly number[], from: number): number {
  for (let i = from; i < tokens.length; i++) {
    if (kinds[i] === PRE) return -1;
    if (kinds[i] === ALPHA) return 1;
    if (tokens[i] !== '0') return 1;
  }
  return 0;
}

/** Total order over versions as described above: negative, zero or positive. */
export function compareVersions(a: string | ParsedVersion, b: string | ParsedVersion): number {
  const va = typeof a === 'string' ? parseVersion(a) : a;
  const vb = typeof b === 'string' ? parseVersion(b) : b;
  const n = Math.min(va.tokens.length, vb.tokens.length);
  for (let i = 0; i < n; i++) {
    const c = compareTokens(
      va.tokens[i] as string,
      va.kinds[i] as number,
      vb.tokens[i] as string,
      vb.kinds[i] as number,
    );
    if (c !== 0) return c;
  }
  if (va.tokens.length > n) return tail(va.tokens, va.kinds, n);
  if (vb.tokens.length > n) return 0 - tail(vb.tokens, vb.kinds, n);
  return 0;
}

/**
 * Whether ordering a against b means anything: both have tokens, and both start with a number or with the same
 * word (`fw13` vs `fw12`). `Niagara 4.1` vs `4.0`, or a git hash vs `1.2`, are not comparable.
 */
export function versionsComparable(a: string | ParsedVersion, b: string | ParsedVersion): boolean {
  const va = typeof a === 'string' ? parseVersion(a) : a;
  const vb = typeof b === 'string' ? parseVersion(b) : b;
  if (va.tokens.length === 0 || vb.tokens.length === 0) return false;
  if (va.kinds[0] === NUMERIC && vb.kinds[0] === NUMERIC) return true;
  return va.kinds[0] !== NUMERIC && vb.kinds[0] !== NUMERIC && va.tokens[0] === vb.tokens[0];
}

/** Equality under the order (`7.0` = `7.0.0`, `V5.00` = `5.0`), plus exact text equality for odd strings. */
export function versionsEqual(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const va = parseVersion(a);
  const vb = parseVersion(b);
  return va.tokens.length > 0 && vb.tokens.length > 0 && compareVersions(va, vb) === 0;
}

/** One end of a version range; `version` may be `X.*` for "the whole X series" (CVE 5 upper bounds). */
export interface VersionBound {
  readonly version: string;
  readonly inclusive: boolean;
}

/** A range with optional ends; no ends at all means every version. */
export interface VersionRange {
  readonly start?: VersionBound;
  readonly end?: VersionBound;
}

export type RangeMatch = 'yes' | 'no' | 'unknown';

function truncated(version: ParsedVersion, length: number): ParsedVersion {
  return { raw: version.raw, tokens: version.tokens.slice(0, length), kinds: version.kinds.slice(0, length) };
}

function belowEnd(version: ParsedVersion, end: VersionBound): RangeMatch {
  if (end.version.endsWith('.*')) {
    const series = parseVersion(end.version.slice(0, -2));
    if (!versionsComparable(version, series)) return 'unknown';
    return compareVersions(truncated(version, series.tokens.length), series) <= 0 ? 'yes' : 'no';
  }
  const bound = parseVersion(end.version);
  if (!versionsComparable(version, bound)) return 'unknown';
  const c = compareVersions(version, bound);
  return c < 0 || (c === 0 && end.inclusive) ? 'yes' : 'no';
}

/**
 * Whether `version` lies in `range`: 'unknown' when a bound is not comparable with it (another numbering
 * scheme, free text), so callers never turn a guess into a finding.
 */
export function versionInRange(version: string, range: VersionRange): RangeMatch {
  const v = parseVersion(version);
  if (v.tokens.length === 0) return 'unknown';
  let result: RangeMatch = 'yes';
  if (range.start) {
    const bound = parseVersion(range.start.version);
    if (!versionsComparable(v, bound)) result = 'unknown';
    else {
      const c = compareVersions(v, bound);
      if (c < 0 || (c === 0 && !range.start.inclusive)) return 'no';
    }
  }
  if (range.end && range.end.version !== '*') {
    const below = belowEnd(v, range.end);
    if (below === 'no') return 'no';
    if (below === 'unknown') result = 'unknown';
  }
  return result;
}

/** "≥ 2.4.0, < 2.4.50" style text of a range, for reasons. */
export function describeRange(range: VersionRange): string {
  const parts: string[] = [];
  if (range.start) parts.push(`${range.start.inclusive ? '>=' : '>'} ${range.start.version}`);
  if (range.end) parts.push(`${range.end.inclusive ? '<=' : '<'} ${range.end.version}`);
  return parts.length > 0 ? parts.join(', ') : 'all versions';
}
