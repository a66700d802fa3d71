import { z } from 'zod';
import { normaliseCvss } from './cvss.ts';
import { parseFeed } from './feed-input.ts';
import {
  CveId,
  emptyVulnRecord,
  isoTimestamp,
  MAX_APPLICABILITY,
  NvdNode,
  type NvdApplicability,
  type VulnRecord,
} from './vuln-record.ts';

/**
 * NVD API 2.0 responses: the CVE API (`format: NVD_CVE`, `vulnerabilities[].cve` with configurations and
 * metrics) and the CPE API (`format: NVD_CPE`, the dictionary). Only the fields used are validated; unknown
 * fields are ignored so new NVD fields do not break imports.
 */

const LangString = z.object({ lang: z.string().max(16), value: z.string().max(64_000) });

const NvdCvssMetric = z.object({
  source: z.string().max(256).optional(),
  type: z.string().max(32).optional(),
  cvssData: z.object({
    version: z.string().max(8),
    vectorString: z.string().max(256),
    baseScore: z.number().min(0).max(10),
  }),
});
const Metrics = z.array(NvdCvssMetric).max(100).optional();

const NvdConfiguration = z.object({
  operator: z.enum(['AND', 'OR']).optional(),
  negate: z.boolean().optional(),
  nodes: z.array(NvdNode).max(1000),
});

const KevDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const NvdCve = z.object({
  id: CveId,
  published: z.string().max(64),
  lastModified: z.string().max(64).optional(),
  vulnStatus: z.string().max(64).optional(),
  descriptions: z.array(LangString).max(100),
  metrics: z
    .object({ cvssMetricV40: Metrics, cvssMetricV31: Metrics, cvssMetricV30: Metrics, cvssMetricV2: Metrics })
    .optional(),
  weaknesses: z
    .array(z.object({ description: z.array(LangString).max(100) }))
    .max(100)
    .optional(),
  configurations: z.array(NvdConfiguration).max(MAX_APPLICABILITY).optional(),
  cisaExploitAdd: KevDate.optional(),
  cisaActionDue: KevDate.optional(),
  cisaRequiredAction: z.string().max(4000).optional(),
});
export type NvdCve = z.infer<typeof NvdCve>;

export const NvdCveResponse = z.object({
  format: z.literal('NVD_CVE').optional(),
  version: z.string().max(16).optional(),
  timestamp: z.string().max(64).optional(),
  totalResults: z.number().int().min(0).optional(),
  vulnerabilities: z.array(z.object({ cve: NvdCve })).max(100_000),
});

function english(strings: readonly { lang: string; value: string }[]): string {
  return (strings.find((s) => s.lang.toLowerCase().startsWith('en')) ?? strings[0])?.value ?? '';
}

/** The CVSS NVD shows first: newest v3 (then v4, then v2), the Primary (NVD's own) assessment first. */
function pickNvdCvss(metrics: NvdCve['metrics']): VulnRecord['cvss'] {
  if (!metrics) return null;
  for (const list of [metrics.cvssMetricV31, metrics.cvssMetricV30, metrics.cvssMetricV40, metrics.cvssMetricV2]) {
    if (!list || list.length === 0) continue;
    const metric = list.find((m) => m.type === 'Primary') ?? list[0];
    if (!metric) continue;
    const cvss = normaliseCvss({ vector: metric.cvssData.vectorString, score: metric.cvssData.baseScore });
    if (cvss) return cvss;
  }
  return null;
}

/** One NVD CVE object → a normalised record. */
export function nvdCveToRecord(cve: NvdCve): VulnRecord {
  const cwe = new Set<string>();
  for (const weakness of cve.weaknesses ?? []) {
    for (const d of weakness.description) if (/^CWE-\d+$/.test(d.value)) cwe.add(d.value);
  }
  const applicability = (cve.configurations ?? []).map((c): NvdApplicability => ({
    source: 'nvd',
    operator: c.operator ?? 'OR',
    negate: c.negate ?? false,
    nodes: c.nodes,
  }));
  return {
    ...emptyVulnRecord(cve.id, 'nvd'),
    published: isoTimestamp(cve.published),
    modified: isoTimestamp(cve.lastModified),
    description: english(cve.descriptions),
    cvss: pickNvdCvss(cve.metrics),
    cwe: [...cwe].sort(),
    ...(cve.cisaExploitAdd && {
      kev: {
        dateAdded: cve.cisaExploitAdd,
        dueDate: cve.cisaActionDue ?? null,
        ransomware: null,
        action: cve.cisaRequiredAction ?? null,
      },
    }),
    applicability,
    rejected: cve.vulnStatus === 'Rejected',
  };
}

/** A parsed CVE API page: how many the API had in total, and the records of this page. */
export interface ParsedNvdCves {
  readonly totalResults: number | null;
  readonly timestamp: string | null;
  readonly records: VulnRecord[];
}

/** Parses an NVD CVE API 2.0 response (JSON text or parsed JSON); InputError with the JSON path on bad input. */
export function parseNvdCveResponse(input: unknown): ParsedNvdCves {
  const response = parseFeed(NvdCveResponse, input, 'NVD CVE response');
  return {
    totalResults: response.totalResults ?? null,
    timestamp: response.timestamp ?? null,
    records: response.vulnerabilities.map((v) => nvdCveToRecord(v.cve)),
  };
}

export const NvdCpeResponse = z.object({
  format: z.literal('NVD_CPE').optional(),
  totalResults: z.number().int().min(0).optional(),
  products: z
    .array(
      z.object({
        cpe: z.object({
          cpeName: z.string().max(1024),
          deprecated: z.boolean().default(false),
          titles: z
            .array(z.object({ title: z.string().max(1024), lang: z.string().max(16) }))
            .max(50)
            .default([]),
        }),
      }),
    )
    .max(100_000),
});

/** One entry of the CPE dictionary: its name, English title and whether NVD deprecated it. */
export interface CpeDictionaryEntry {
  readonly cpeName: string;
  readonly title: string;
  readonly deprecated: boolean;
}

/** Parses an NVD CPE API 2.0 response (the dictionary). */
export function parseNvdCpeResponse(input: unknown): CpeDictionaryEntry[] {
  const response = parseFeed(NvdCpeResponse, input, 'NVD CPE response');
  return response.products.map(({ cpe }) => ({
    cpeName: cpe.cpeName,
    title: english(cpe.titles.map((t) => ({ lang: t.lang, value: t.title }))),
    deprecated: cpe.deprecated,
  }));
}
