import type { Cpe } from './cpe.ts';
import { type CompiledCve5, compileCve5, evaluateCve5 } from './cve5-match.ts';
import { type AssetCpe, assetCpes, type PossibleMatch, type VulnMatch } from './match-types.ts';
import { type CompiledNvdConfig, compileNvdConfig, evaluateNvdConfig } from './nvd-match.ts';
import { mergeVulnRecords, type VulnRecord } from './vuln-record.ts';

/**
 * Matching an asset's software (CPE 2.3 names) against vulnerability records. Both sources are applied — NVD
 * configurations (nvd-match.ts) and CVE 5 `affected` entries (cve5-match.ts) — and any confirmed match from
 * either makes a finding. Vendor and product must have equal keys (cpe.ts vendorKey/productKey) before anything
 * else is looked at: there is no fuzzy or title matching, so a look-alike product of another vendor, or another
 * product of the same vendor, never matches.
 */

/** A record with its CPEs and version bounds parsed once; `keys` are the vendor:product keys it can match. */
export interface CompiledRecord {
  readonly record: VulnRecord;
  readonly nvd: readonly CompiledNvdConfig[];
  readonly cve5: readonly CompiledCve5[];
  readonly keys: ReadonlySet<string>;
}

const compiledRecords = new WeakMap<VulnRecord, CompiledRecord>();

export function compileRecord(record: VulnRecord): CompiledRecord {
  const cached = compiledRecords.get(record);
  if (cached) return cached;
  const nvd: CompiledNvdConfig[] = [];
  const cve5: CompiledCve5[] = [];
  const keys = new Set<string>();
  for (const applicability of record.applicability) {
    if (applicability.source === 'nvd') {
      const config = compileNvdConfig(applicability);
      nvd.push(config);
      for (const key of config.vulnerableKeys) keys.add(key);
    } else {
      const entry = compileCve5(applicability);
      cve5.push(entry);
      for (const key of entry.keys) keys.add(key);
    }
  }
  const compiled = { record, nvd, cve5, keys };
  compiledRecords.set(record, compiled);
  return compiled;
}

/** Confirmed matches and possible ones (unknown version, unconfirmed platform) of one asset for one CVE. */
export interface AssetEvaluation {
  readonly matches: VulnMatch[];
  readonly possible: PossibleMatch[];
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Evaluates one record for one asset. A possible match is dropped when the same CPE got a definite answer
 * elsewhere (a match, or a vendor's "unaffected"), so patched systems do not linger as "possible".
 */
export function evaluateAsset(software: readonly AssetCpe[], compiled: CompiledRecord): AssetEvaluation {
  if (compiled.record.rejected || !software.some((s) => s.key !== null && compiled.keys.has(s.key))) {
    return { matches: [], possible: [] };
  }
  const matches: VulnMatch[] = [];
  const possible: PossibleMatch[] = [];
  const decided = new Set<string>();
  for (const config of compiled.nvd) {
    if (!software.some((s) => s.key !== null && config.vulnerableKeys.has(s.key))) continue;
    const evaluation = evaluateNvdConfig(config, software);
    matches.push(...evaluation.matches);
    possible.push(...evaluation.possible);
    for (const cpe of evaluation.decided) decided.add(cpe);
  }
  for (const entry of compiled.cve5) {
    if (!software.some((s) => s.key !== null && entry.keys.has(s.key))) continue;
    const evaluation = evaluateCve5(entry, software);
    matches.push(...evaluation.matches);
    possible.push(...evaluation.possible);
    for (const cpe of evaluation.decided) decided.add(cpe);
  }
  const key = (m: VulnMatch) => `${m.cpe}\u0000${m.matchedBy}\u0000${m.criteria}\u0000${m.range}`;
  return {
    matches: uniqueBy(matches, key),
    possible: uniqueBy(
      possible.filter((p) => !decided.has(p.cpe)),
      key,
    ),
  };
}

/**
 * The confirmed matches of an asset's software for one vulnerability: which CPE, by which source, under which
 * range. Empty when nothing matches — including when the inventory's version is `*` or `-` and the
 * vulnerability is ranged (see `possibleMatches`).
 */
export function matchAsset(software: readonly (string | Cpe)[], record: VulnRecord): VulnMatch[] {
  return evaluateAsset(assetCpes(software), compileRecord(record)).matches;
}

/** The unconfirmed matches `matchAsset` leaves out, each with `why` (e.g. "version unknown"). */
export function possibleMatches(software: readonly (string | Cpe)[], record: VulnRecord): PossibleMatch[] {
  return evaluateAsset(assetCpes(software), compileRecord(record)).possible;
}

/**
 * Records filed by the vendor:product keys of their vulnerable products, so an asset is only compared with
 * the records that name one of its products (10k assets × thousands of CVEs in milliseconds).
 */
export interface VulnIndex {
  readonly records: readonly CompiledRecord[];
  readonly byKey: ReadonlyMap<string, readonly CompiledRecord[]>;
}

/** Builds the index; records of the same CVE are merged first, rejected CVEs are left out. */
export function buildVulnIndex(records: Iterable<VulnRecord>): VulnIndex {
  const merged = mergeVulnRecords(records).filter((r) => !r.rejected);
  const compiled = merged.map(compileRecord);
  const byKey = new Map<string, CompiledRecord[]>();
  for (const record of compiled) {
    for (const key of record.keys) {
      const list = byKey.get(key);
      if (list) list.push(record);
      else byKey.set(key, [record]);
    }
  }
  return { records: compiled, byKey };
}

/** One CVE's outcome for one asset, from the index. */
export interface IndexedEvaluation extends AssetEvaluation {
  readonly record: VulnRecord;
}

/** Every record with a confirmed or possible match for this software, via the index. */
export function matchSoftware(index: VulnIndex, software: readonly (string | Cpe)[]): IndexedEvaluation[] {
  const cpes = assetCpes(software);
  const candidates = new Set<CompiledRecord>();
  for (const { key } of cpes) {
    if (key === null) continue;
    for (const record of index.byKey.get(key) ?? []) candidates.add(record);
  }
  const out: IndexedEvaluation[] = [];
  for (const compiled of candidates) {
    const evaluation = evaluateAsset(cpes, compiled);
    if (evaluation.matches.length > 0 || evaluation.possible.length > 0)
      out.push({ record: compiled.record, ...evaluation });
  }
  return out;
}
