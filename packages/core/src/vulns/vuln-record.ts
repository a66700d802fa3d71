import { z } from 'zod';
import { Cvss } from './cvss.ts';

/**
 * The normalised vulnerability record: what KEV, CVE 5, NVD and EPSS say about one CVE, in one shape. Each parser
 * returns these with `sources` naming itself; `mergeVulnRecords` combines records of the same CVE. The record is
 * what the server stores (the `vulnerabilities.document` column) and parses back with this schema.
 */

export const MAX_APPLICABILITY = 5_000;
export const MAX_CPE_MATCHES = 100_000;
export const MAX_CVE5_VERSIONS = 10_000;

export const CveId = z.string().regex(/^CVE-\d{4}-\d{4,19}$/, 'must be a CVE id (CVE-YYYY-NNNN…)');
export type CveId = z.infer<typeof CveId>;

/** CVE 5 allows 1,024 characters (free text such as "all versions prior to …" appears). */
const VersionText = z.string().max(1024);

/** One NVD match criterion: a CPE (often with version `*`) and optional version bounds. */
export const NvdCpeMatch = z.object({
  criteria: z.string().max(1024),
  vulnerable: z.boolean(),
  versionStartIncluding: VersionText.optional(),
  versionStartExcluding: VersionText.optional(),
  versionEndIncluding: VersionText.optional(),
  versionEndExcluding: VersionText.optional(),
});
export type NvdCpeMatch = z.infer<typeof NvdCpeMatch>;

export const NvdNode = z.object({
  operator: z.enum(['AND', 'OR']),
  negate: z.boolean().default(false),
  cpeMatch: z.array(NvdCpeMatch).max(MAX_CPE_MATCHES),
});
export type NvdNode = z.infer<typeof NvdNode>;

/** One NVD configuration: nodes combined by `operator` (AND for "running on"). A CVE's configurations are ORed. */
export const NvdApplicability = z.object({
  source: z.literal('nvd'),
  operator: z.enum(['AND', 'OR']),
  negate: z.boolean().default(false),
  nodes: z.array(NvdNode).max(1000),
});
export type NvdApplicability = z.infer<typeof NvdApplicability>;

export const Cve5Status = z.enum(['affected', 'unaffected', 'unknown']);
export type Cve5Status = z.infer<typeof Cve5Status>;

export const Cve5Version = z.object({
  version: VersionText,
  status: Cve5Status,
  versionType: z.string().max(64).optional(),
  lessThan: VersionText.optional(),
  lessThanOrEqual: VersionText.optional(),
  changes: z
    .array(z.object({ at: VersionText, status: Cve5Status }))
    .max(1000)
    .optional(),
});
export type Cve5Version = z.infer<typeof Cve5Version>;

/** One CVE 5 `affected` product, from the CNA or an ADP (`provider`: 'cna' or the ADP's short name). */
export const Cve5Applicability = z.object({
  source: z.literal('cve5'),
  provider: z.string().max(64),
  vendor: z.string().max(512).optional(),
  product: z.string().max(2048).optional(),
  cpes: z.array(z.string().max(1024)).max(10_000).default([]),
  defaultStatus: Cve5Status.default('unknown'),
  versions: z.array(Cve5Version).max(MAX_CVE5_VERSIONS).default([]),
  platforms: z.array(z.string().max(256)).max(500).default([]),
});
export type Cve5Applicability = z.infer<typeof Cve5Applicability>;

export const Applicability = z.discriminatedUnion('source', [NvdApplicability, Cve5Applicability]);
export type Applicability = z.infer<typeof Applicability>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** CISA Known Exploited Vulnerabilities entry; `dueDate` null when only the date added is known (CVE 5 ADP). */
export const KevEntry = z.object({
  dateAdded: IsoDate,
  dueDate: IsoDate.nullable(),
  ransomware: z.boolean().nullable(),
  action: z.string().max(4000).nullable(),
});
export type KevEntry = z.infer<typeof KevEntry>;

export const EpssScore = z.object({
  score: z.number().min(0).max(1),
  percentile: z.number().min(0).max(1),
  /** The score date of the EPSS file (its header), if it had one. */
  date: z.string().max(64).nullable(),
});
export type EpssScore = z.infer<typeof EpssScore>;

/** SSVC decision points an analyst published (CISA's vulnrichment ADP); preferred to values derived from CVSS. */
export const SsvcAssessment = z.object({
  exploitation: z.enum(['none', 'poc', 'active']),
  automatable: z.boolean(),
  technicalImpact: z.enum(['partial', 'total']),
  provider: z.string().max(64),
  timestamp: z.string().max(64).nullable(),
});
export type SsvcAssessment = z.infer<typeof SsvcAssessment>;

export const VulnSource = z.enum(['cve5', 'nvd', 'kev', 'epss']);
export type VulnSource = z.infer<typeof VulnSource>;

export const VulnRecord = z.object({
  cve: CveId,
  published: z.string().max(64).nullable(),
  modified: z.string().max(64).nullable(),
  description: z.string().max(64_000),
  cvss: Cvss.nullable(),
  cwe: z.array(z.string().max(64)).max(200),
  kev: KevEntry.optional(),
  epss: EpssScore.optional(),
  ssvc: SsvcAssessment.optional(),
  applicability: z.array(Applicability).max(MAX_APPLICABILITY),
  /** Rejected CVEs (CVE 5 state REJECTED, NVD status Rejected) are kept but never matched. */
  rejected: z.boolean().default(false),
  sources: z.array(VulnSource).min(1),
});
export type VulnRecord = z.infer<typeof VulnRecord>;

/** A record with nothing known yet: parsers fill what their source says. */
export function emptyVulnRecord(cve: string, source: VulnSource): VulnRecord {
  return {
    cve,
    published: null,
    modified: null,
    description: '',
    cvss: null,
    cwe: [],
    applicability: [],
    rejected: false,
    sources: [source],
  };
}

/** Timestamps as ISO 8601 UTC; NVD writes UTC without a zone ("2022-11-16T23:15:12.870"). Invalid → null. */
export function isoTimestamp(text: string | undefined | null): string | null {
  if (!text) return null;
  const zoned = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const SOURCE_ORDER: readonly VulnSource[] = ['cve5', 'nvd', 'kev', 'epss'];
const CVSS_VERSION_RANK: Record<string, number> = { '3.1': 0, '3.0': 1, '4.0': 2, '2.0': 3 };

function rankOf(record: VulnRecord): number {
  return Math.min(...record.sources.map((s) => SOURCE_ORDER.indexOf(s)));
}

function pickCvss(records: readonly VulnRecord[]): VulnRecord['cvss'] {
  // NVD first on equal versions: one analyst scores every CVE the same way.
  const scored = records.filter((r) => r.cvss !== null);
  scored.sort((a, b) => {
    const va = CVSS_VERSION_RANK[a.cvss?.version ?? ''] ?? 9;
    const vb = CVSS_VERSION_RANK[b.cvss?.version ?? ''] ?? 9;
    if (va !== vb) return va - vb;
    return Number(!b.sources.includes('nvd')) - Number(!a.sources.includes('nvd'));
  });
  return scored[0]?.cvss ?? null;
}

function pickKev(records: readonly VulnRecord[]): KevEntry | undefined {
  const entries = records.flatMap((r) => (r.kev ? [{ kev: r.kev, catalogue: r.sources.includes('kev') }] : []));
  if (entries.length === 0) return undefined;
  // The catalogue itself first, then any entry that knows the due date.
  entries.sort(
    (a, b) =>
      Number(b.catalogue) - Number(a.catalogue) || Number(b.kev.dueDate !== null) - Number(a.kev.dueDate !== null),
  );
  const best = entries[0]?.kev as KevEntry;
  return {
    dateAdded: best.dateAdded,
    dueDate: best.dueDate ?? entries.find((e) => e.kev.dueDate)?.kev.dueDate ?? null,
    ransomware: best.ransomware ?? entries.find((e) => e.kev.ransomware !== null)?.kev.ransomware ?? null,
    action: best.action ?? entries.find((e) => e.kev.action)?.kev.action ?? null,
  };
}

function latest<T>(values: readonly (T | undefined)[], key: (value: T) => string | null): T | undefined {
  let best: T | undefined;
  for (const value of values) {
    if (value === undefined) continue;
    if (best === undefined || (key(value) ?? '') > (key(best) ?? '')) best = value;
  }
  return best;
}

/**
 * Combines records about one CVE (throws if the ids differ): NVD configurations and CVE 5 `affected` entries are
 * all kept (deduplicated), KEV from the catalogue wins over the KEV hints inside NVD and CVE 5, the newest EPSS
 * and SSVC win, the description comes from CVE 5 then NVD then KEV, the CVSS is the first of v3.1, v3.0, v4.0,
 * v2.0 (NVD's on a tie), published is the earliest date and modified the latest.
 */
export function mergeVulnRecord(records: readonly VulnRecord[]): VulnRecord {
  const first = records[0];
  if (!first) throw new Error('mergeVulnRecord needs at least one record');
  if (records.length === 1) return first;
  if (records.some((r) => r.cve !== first.cve)) throw new Error(`mergeVulnRecord: mixed CVE ids (${first.cve})`);
  const byRank = [...records].sort((a, b) => rankOf(a) - rankOf(b));
  const published = records.map((r) => r.published).filter((p): p is string => p !== null);
  const modified = records.map((r) => r.modified).filter((p): p is string => p !== null);
  const seen = new Set<string>();
  const applicability = records
    .flatMap((r) => r.applicability)
    .filter((a) => {
      const key = JSON.stringify(a);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_APPLICABILITY);
  const kev = pickKev(records);
  const epss = latest(
    records.map((r) => r.epss),
    (e) => e.date,
  );
  const ssvc = latest(
    records.map((r) => r.ssvc),
    (s) => s.timestamp,
  );
  return {
    cve: first.cve,
    published: published.length > 0 ? published.reduce((a, b) => (a < b ? a : b)) : null,
    modified: modified.length > 0 ? modified.reduce((a, b) => (a > b ? a : b)) : null,
    description: byRank.find((r) => r.description !== '')?.description ?? '',
    cvss: pickCvss(records),
    cwe: [...new Set(records.flatMap((r) => r.cwe))].sort(),
    ...(kev && { kev }),
    ...(epss && { epss }),
    ...(ssvc && { ssvc }),
    applicability,
    rejected: records.some((r) => r.rejected),
    sources: SOURCE_ORDER.filter((s) => records.some((r) => r.sources.includes(s))),
  };
}

/** Groups records by CVE and merges each group; output ordered by CVE id. */
export function mergeVulnRecords(records: Iterable<VulnRecord>): VulnRecord[] {
  const groups = new Map<string, VulnRecord[]>();
  for (const record of records) {
    const group = groups.get(record.cve);
    if (group) group.push(record);
    else groups.set(record.cve, [record]);
  }
  return [...groups.keys()].sort().map((cve) => mergeVulnRecord(groups.get(cve) as VulnRecord[]));
}
