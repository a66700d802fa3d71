import {
  type Cve5Applicability,
  emptyVulnRecord,
  type NvdApplicability,
  type NvdCpeMatch,
  type NvdNode,
  type VulnRecord,
} from '../vuln-record.ts';

/** Small record builders for the matcher tests: one NVD configuration or CVE 5 entry per line of a test. */

type Range = Omit<NvdCpeMatch, 'criteria' | 'vulnerable'>;

export const vulnerable = (criteria: string, range: Range = {}): NvdCpeMatch => ({
  criteria,
  vulnerable: true,
  ...range,
});
export const platform = (criteria: string): NvdCpeMatch => ({ criteria, vulnerable: false });

export const node = (operator: 'AND' | 'OR', ...cpeMatch: NvdCpeMatch[]): NvdNode => ({
  operator,
  negate: false,
  cpeMatch,
});
export const orNode = (...cpeMatch: NvdCpeMatch[]): NvdNode => node('OR', ...cpeMatch);

/** One configuration: a single node is ORed, several are ANDed (NVD's "running on" shape). */
export const configuration = (...nodes: NvdNode[]): NvdApplicability => ({
  source: 'nvd',
  operator: nodes.length > 1 ? 'AND' : 'OR',
  negate: false,
  nodes,
});

export function nvdRecord(
  cve: string,
  configurations: NvdApplicability[],
  extra: Partial<VulnRecord> = {},
): VulnRecord {
  return { ...emptyVulnRecord(cve, 'nvd'), applicability: configurations, ...extra };
}

export function affected(entry: Partial<Omit<Cve5Applicability, 'source'>>): Cve5Applicability {
  return {
    source: 'cve5',
    provider: 'cna',
    cpes: [],
    defaultStatus: 'unknown',
    versions: [],
    platforms: [],
    ...entry,
  };
}

export function cve5Record(cve: string, entries: Cve5Applicability[], extra: Partial<VulnRecord> = {}): VulnRecord {
  return { ...emptyVulnRecord(cve, 'cve5'), applicability: entries, ...extra };
}

/** A CPE 2.3 name from vendor, product and version (other attributes ANY). */
export const cpe = (part: 'a' | 'o' | 'h', vendor: string, product: string, version = '*', rest = '*:*:*:*:*:*:*') =>
  `cpe:2.3:${part}:${vendor}:${product}:${version}:${rest}`;
