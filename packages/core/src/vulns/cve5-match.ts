import {
  ANY,
  type Cpe,
  compareAttribute,
  cpeProductKey,
  formatCpe,
  productKey,
  tryParseCpe,
  vendorKey,
} from './cpe.ts';
import { type AssetCpe, type PossibleMatch, type Tri, triAnd, type VulnMatch } from './match-types.ts';
import { compareVersions, versionInRange, type VersionRange, versionsComparable, versionsEqual } from './version.ts';
import type { Cve5Applicability, Cve5Status, Cve5Version } from './vuln-record.ts';

/**
 * CVE 5 `affected` semantics (cve-schema docs/versions.md):
 * - The product is named by `cpes` when present (each a CPE; its version attribute is ignored because the CISA
 *   ADP writes the range start there, and `versions` carries the version rule), otherwise by `vendor` and
 *   `product`, compared through vendorKey/productKey — equal keys or nothing.
 * - A version's status: the first `versions` entry that matches it decides (`status`, then `changes` at or below
 *   the version in order); none matching → `defaultStatus` (absent = unknown). A range entry is
 *   `version` ≤ V < `lessThan` (or ≤ `lessThanOrEqual`); `version` "0" means no lower bound, `lessThan` "*" no upper
 *   bound, "2.*" the end of the 2 series. Entries without a bound match one version.
 * - Free-text versions seen in real records are read when unambiguous ("6.4.9 and older versions", "10.9 - 11.11",
 *   "< 3.2"); other text, `git` ranges and bounds in another numbering scheme give 'unknown'.
 * - `affected` → match; `unaffected` → no match; `unknown` → a possible match only. An asset whose version is `*`
 *   or `-` matches only when every status the entry can give is `affected`.
 * `platforms` are not compared with the asset (no reliable mapping to CPEs); they are quoted in the range text.
 */

const OTHER_ATTRIBUTES = ['update', 'edition', 'language', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;
const SCM_TYPES = new Set(['git', 'hg', 'svn', 'mercurial', 'commit']);

interface Identity {
  readonly key: string;
  readonly cpe: Cpe | null;
  readonly text: string;
}

interface VersionRule {
  readonly entry: Cve5Version;
  /** null: the entry names a single version (`single`). */
  readonly range: VersionRange | null;
  readonly single: string;
  /** The bound cannot be evaluated (git hashes, free text). */
  readonly opaque: boolean;
  readonly text: string;
}

export interface CompiledCve5 {
  readonly entry: Cve5Applicability;
  readonly identities: readonly Identity[];
  readonly keys: ReadonlySet<string>;
  readonly rules: readonly VersionRule[];
  /** Every status any version can have: all 'affected' means version does not matter. */
  readonly statuses: ReadonlySet<Cve5Status>;
}

const NO_LOWER_BOUND = new Set(['0', '*', '']);

const V = '(v?\\d[^\\s,;()]*)';
const INCLUDING = '\\s*\\((?:including|inclusive)[^)]*\\)';
const FREE_TEXT: readonly [RegExp, (m: RegExpExecArray) => VersionRange][] = [
  // "6.2.0 and below", "5.9.2.14-12o and older versions", "V4.30.096build221220 and the versions prior to it"
  [
    new RegExp(
      `^${V}\\s+(?:and|&)\\s+(?:the\\s+)?(?:all\\s+)?(?:versions?\\s+)?(?:below|older|earlier|prior|previous|lower)\\b`,
    ),
    (m) => ({ end: { version: m[1] as string, inclusive: true } }),
  ],
  // "<= 3.2", "up to 3.2"
  [
    new RegExp(`^(?:<=|up to(?: and including)?)\\s*${V}$`),
    (m) => ({ end: { version: m[1] as string, inclusive: true } }),
  ],
  // "before 7.0.3", "< 7.0.3", "below V2.2.1 (including V2.2.1)"
  [
    new RegExp(`^(?:<|before|prior to|below|earlier than|lower than)\\s*${V}(${INCLUDING})?$`),
    (m) => ({ end: { version: m[1] as string, inclusive: m[2] !== undefined } }),
  ],
  // ">= 2.0", "from 2.0"
  [new RegExp(`^(?:>=|from)\\s*${V}$`), (m) => ({ start: { version: m[1] as string, inclusive: true } })],
  // "10.9 - 11.11", "1.0 to 1.4"
  [
    new RegExp(`^${V}\\s+(?:-|to|through)\\s+${V}$`),
    (m) => ({ start: { version: m[1] as string, inclusive: true }, end: { version: m[2] as string, inclusive: true } }),
  ],
  // "after V5.00.000 (including V5.00.000) and before V5.02.006 (not including V5.02.006)"
  [
    new RegExp(`^after\\s+${V}(${INCLUDING})?\\s*,?\\s*and\\s+before\\s+${V}(${INCLUDING})?`),
    (m) => ({
      start: { version: m[1] as string, inclusive: m[2] !== undefined },
      end: { version: m[3] as string, inclusive: m[4] !== undefined },
    }),
  ],
];

/**
 * Free-text "versions" of real CVE 5 records turned into ranges; null when not recognised. Leading words before
 * the first version or keyword ("FortiOS 6.2.0 and below", "Versions below V2.2.1") are dropped: vendor and
 * product were matched already.
 */
export function freeTextRange(text: string): VersionRange | null {
  const t = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^(\*|all|all versions|any|any version)$/.test(t)) return {};
  const body = t.replace(/^(?:(?!before\b|prior\b|below\b|after\b|from\b|up\b|v?\d)[^\s<>=]+\s+)+/, '');
  for (const [pattern, range] of FREE_TEXT) {
    const m = pattern.exec(body);
    if (m) return range(m);
  }
  return null;
}

/**
 * A bound written as prose ("6.15.06 except 6.10.10, and 6.13.07", "Niagara AX 3.8.1") cannot be ordered
 * safely; "2023 R2 P01" can (no word of three letters or more, no list punctuation).
 */
function proseBound(bound: string): boolean {
  return /\s/.test(bound.trim()) && /[a-z]{3,}|[,;]/i.test(bound);
}

function compileRule(v: Cve5Version): VersionRule {
  const upper = v.lessThan ?? v.lessThanOrEqual;
  const opaqueType = v.versionType !== undefined && SCM_TYPES.has(v.versionType.toLowerCase());
  const typeText = v.versionType ? ` (${v.versionType})` : '';
  if (upper !== undefined) {
    const op = v.lessThan !== undefined ? 'lessThan' : 'lessThanOrEqual';
    const range: VersionRange = {
      ...(!NO_LOWER_BOUND.has(v.version.trim()) && { start: { version: v.version, inclusive: true } }),
      ...(upper.trim() !== '*' && { end: { version: upper, inclusive: v.lessThan === undefined } }),
    };
    return {
      entry: v,
      range,
      single: '',
      opaque: opaqueType || proseBound(v.version) || proseBound(upper),
      text: `${v.version} ${op} ${upper}${typeText}: ${v.status}`,
    };
  }
  const text = `version ${v.version}${typeText}: ${v.status}`;
  const free = /\s|^[<>*]|^all$/i.test(v.version.trim()) ? freeTextRange(v.version) : null;
  if (free) return { entry: v, range: free, single: '', opaque: opaqueType, text };
  const opaque = opaqueType || /\s/.test(v.version.trim());
  return { entry: v, range: null, single: v.version, opaque, text };
}

export function compileCve5(entry: Cve5Applicability): CompiledCve5 {
  const identities: Identity[] = [];
  // The cpes' version is ignored, so cpes differing only by version (one per release, as CNAs list them) are one
  // identity, shown with version *.
  const seen = new Set<string>();
  for (const raw of entry.cpes) {
    const cpe = tryParseCpe(raw);
    const key = cpe && cpeProductKey(cpe);
    if (!cpe || !key) continue;
    const text = formatCpe({ ...cpe, version: ANY });
    if (seen.has(text)) continue;
    seen.add(text);
    identities.push({ key, cpe, text });
  }
  if (identities.length === 0 && entry.vendor && entry.product) {
    const vendor = vendorKey(entry.vendor);
    const product = productKey(vendor, entry.product);
    if (vendor !== '' && product !== '') {
      identities.push({ key: `${vendor}:${product}`, cpe: null, text: `${entry.vendor} ${entry.product}` });
    }
  }
  const statuses = new Set<Cve5Status>([entry.defaultStatus]);
  for (const v of entry.versions) {
    statuses.add(v.status);
    for (const change of v.changes ?? []) statuses.add(change.status);
  }
  return {
    entry,
    identities,
    keys: new Set(identities.map((i) => i.key)),
    rules: entry.versions.map(compileRule),
    statuses,
  };
}

function identityMatch(identity: Identity, asset: AssetCpe): Tri {
  if (asset.key !== identity.key) return 'no';
  if (!identity.cpe) return 'yes';
  let result = compareAttribute(identity.cpe.part, asset.cpe.part);
  for (const attribute of OTHER_ATTRIBUTES) {
    if (result === 'no') return 'no';
    result = triAnd(result, compareAttribute(identity.cpe[attribute], asset.cpe[attribute]));
  }
  return result;
}

function ruleMatches(rule: VersionRule, version: string): Tri {
  if (rule.opaque) return versionsEqual(rule.single, version) && rule.single !== '' ? 'yes' : 'unknown';
  if (rule.range) return versionInRange(version, rule.range);
  return versionsEqual(rule.single, version) ? 'yes' : 'no';
}

interface StatusResult {
  readonly status: Cve5Status | 'undecidable';
  readonly rule: VersionRule | null;
}

/** The status of one concrete version under the entry (first matching rule, then changes, else default). */
function statusOf(compiled: CompiledCve5, version: string): StatusResult {
  for (const rule of compiled.rules) {
    const m = ruleMatches(rule, version);
    if (m === 'no') continue;
    if (m === 'unknown') return { status: 'undecidable', rule };
    let status: Cve5Status = rule.entry.status;
    const changes = [...(rule.entry.changes ?? [])].sort((a, b) => compareVersions(a.at, b.at));
    for (const change of changes) {
      if (!versionsComparable(change.at, version)) return { status: 'undecidable', rule };
      if (compareVersions(change.at, version) <= 0) status = change.status;
    }
    return { status, rule };
  }
  return { status: compiled.entry.defaultStatus, rule: null };
}

/** What one `affected` entry says about one asset; `decided` as in NvdEvaluation. */
export interface Cve5Evaluation {
  readonly matches: VulnMatch[];
  readonly possible: PossibleMatch[];
  readonly decided: readonly string[];
}

export function evaluateCve5(compiled: CompiledCve5, software: readonly AssetCpe[]): Cve5Evaluation {
  const matches: VulnMatch[] = [];
  const possible: PossibleMatch[] = [];
  const decided: string[] = [];
  const platforms = compiled.entry.platforms.length > 0 ? ` [platforms: ${compiled.entry.platforms.join(', ')}]` : '';
  for (const asset of software) {
    if (asset.key === null || !compiled.keys.has(asset.key)) continue;
    for (const identity of compiled.identities) {
      const who = identityMatch(identity, asset);
      if (who === 'no') continue;
      const base = {
        cpe: asset.cpe.raw,
        matchedBy: 'cve5' as const,
        criteria: identity.text,
        provider: compiled.entry.provider,
      };
      const version = asset.cpe.version;
      let result: StatusResult;
      if (typeof version === 'string') result = statusOf(compiled, version);
      else if (compiled.statuses.size === 1 && compiled.statuses.has('affected'))
        result = { status: 'affected', rule: null };
      else result = { status: 'undecidable', rule: null };
      const range = (result.rule ? result.rule.text : `defaultStatus ${compiled.entry.defaultStatus}`) + platforms;
      if (result.status === 'affected' && who === 'yes') {
        matches.push({ ...base, range });
        decided.push(asset.cpe.raw);
      } else if (result.status === 'unaffected') {
        if (who === 'yes') decided.push(asset.cpe.raw);
      } else {
        const why =
          who === 'unknown'
            ? 'edition, update or target unknown in the inventory'
            : typeof version !== 'string'
              ? 'version unknown'
              : result.status === 'unknown'
                ? `status of version ${version} is unknown (defaultStatus ${compiled.entry.defaultStatus})`
                : `version ${version} not comparable with "${result.rule?.text ?? ''}"`;
        possible.push({ ...base, range, why });
      }
    }
  }
  return { matches, possible, decided };
}
