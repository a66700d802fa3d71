import { z } from 'zod';
import { type Cpe, type CpeValue, cpeProductKey, tryParseCpe } from './cpe.ts';

/** Three-valued answer of every matching step: 'unknown' never becomes a finding, only a possible one. */
export type Tri = 'yes' | 'no' | 'unknown';

export function triAnd(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'yes';
}
export function triOr(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'no';
}
export function triNot(a: Tri): Tri {
  return a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'unknown';
}

/**
 * One confirmed match of an asset's software to a vulnerability: which of the asset's CPEs, which source said
 * so, the vulnerable CPE or product it matched and the version rule that held (`range`, in the source's words:
 * "versionStartIncluding 2.4.0, versionEndExcluding 2.4.50", "7.2.0 lessThanOrEqual 7.2.6 (semver): affected").
 */
export const VulnMatch = z.object({
  cpe: z.string(),
  matchedBy: z.enum(['nvd', 'cve5']),
  criteria: z.string(),
  range: z.string(),
  /** NVD "running on" configurations: the asset's CPEs that satisfied the non-vulnerable platform criteria. */
  platform: z.array(z.string()).optional(),
  /** CVE 5: 'cna' or the ADP's short name (e.g. CISA-ADP). */
  provider: z.string().optional(),
});
export type VulnMatch = z.infer<typeof VulnMatch>;

/**
 * A match that could not be confirmed: vendor and product agree but the version is unknown (`*` or `-` in the
 * inventory), not comparable with the bounds, or a required platform is not known. Listed, never counted.
 */
export const PossibleMatch = VulnMatch.extend({ why: z.string() });
export type PossibleMatch = z.infer<typeof PossibleMatch>;

/** One CPE of an asset, parsed once, with its vendor:product key. */
export interface AssetCpe {
  readonly cpe: Cpe;
  readonly key: string | null;
}

/** Parses an asset's software list; names that are not CPEs are skipped (the inventory schema rejects them). */
export function assetCpes(software: readonly (string | Cpe)[]): AssetCpe[] {
  const out: AssetCpe[] = [];
  for (const item of software) {
    const cpe = typeof item === 'string' ? tryParseCpe(item) : item;
    if (cpe) out.push({ cpe, key: cpeProductKey(cpe) });
  }
  return out;
}

/** Why an asset's version could not be judged, for PossibleMatch.why. */
export function unknownVersionWhy(version: CpeValue): string {
  return typeof version === 'string' ? `version ${version} not comparable with the bounds` : 'version unknown';
}
