import { z } from 'zod';
import { InputError } from '../errors.ts';
import { type Cvss, normaliseCvss } from './cvss.ts';
import { parseFeed } from './feed-input.ts';
import {
  type Cve5Applicability,
  Cve5Status,
  Cve5Version,
  CveId,
  emptyVulnRecord,
  isoTimestamp,
  MAX_APPLICABILITY,
  type SsvcAssessment,
  type VulnRecord,
} from './vuln-record.ts';

/**
 * CVE JSON 5.x records (CVE_JSON_bundled_5.1.1.json): the CNA container and the ADP containers — notably CISA's
 * vulnrichment ADP, which adds CPE-named `affected` entries, SSVC decision points and the KEV date. Fields that
 * are not used are not validated; `ssvc` and `kev` ADP metrics are, because they steer prioritisation.
 */

const LangString = z.object({ lang: z.string().max(16), value: z.string().max(64_000) });
const CvssObject = z.object({ vectorString: z.string().max(256), baseScore: z.number().min(0).max(10).optional() });

const Metric = z.object({
  cvssV4_0: CvssObject.optional(),
  cvssV3_1: CvssObject.optional(),
  cvssV3_0: CvssObject.optional(),
  cvssV2_0: CvssObject.optional(),
  other: z.object({ type: z.string().max(128), content: z.unknown() }).optional(),
});

const Affected = z.object({
  vendor: z.string().max(512).optional(),
  product: z.string().max(2048).optional(),
  packageName: z.string().max(2048).optional(),
  cpes: z.array(z.string().max(1024)).max(10_000).optional(),
  defaultStatus: Cve5Status.optional(),
  versions: z.array(Cve5Version).max(10_000).optional(),
  platforms: z.array(z.string().max(256)).max(500).optional(),
});

const Container = z.object({
  providerMetadata: z.object({ shortName: z.string().max(64).optional() }).optional(),
  descriptions: z.array(LangString).max(100).optional(),
  affected: z.array(Affected).max(MAX_APPLICABILITY).optional(),
  metrics: z.array(Metric).max(100).optional(),
  problemTypes: z
    .array(
      z.object({
        descriptions: z
          .array(z.object({ cweId: z.string().max(32).optional(), description: z.string().max(4000) }))
          .max(100),
      }),
    )
    .max(100)
    .optional(),
});

export const Cve5Record = z.object({
  dataType: z.literal('CVE_RECORD').optional(),
  dataVersion: z.string().regex(/^5\.\d+(\.\d+)?$/, 'must be a CVE JSON 5.x dataVersion'),
  cveMetadata: z.object({
    cveId: CveId,
    state: z.enum(['PUBLISHED', 'REJECTED']),
    datePublished: z.string().max(64).optional(),
    dateUpdated: z.string().max(64).optional(),
  }),
  containers: z.object({ cna: Container, adp: z.array(Container).max(100).optional() }),
});
export type Cve5Record = z.infer<typeof Cve5Record>;

const SsvcContent = z.object({
  options: z
    .array(z.record(z.string().max(64), z.string().max(64)))
    .max(20)
    .transform((options) => Object.assign({}, ...options) as Record<string, string>),
  timestamp: z.string().max(64).optional(),
});
const KevContent = z.object({ dateAdded: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD') });

type Container = z.infer<typeof Container>;

const CVSS_KEYS = ['cvssV3_1', 'cvssV3_0', 'cvssV4_0', 'cvssV2_0'] as const;

function pickCvss(containers: readonly Container[]): Cvss | null {
  for (const key of CVSS_KEYS) {
    for (const container of containers) {
      for (const metric of container.metrics ?? []) {
        const found = metric[key];
        const cvss = found && normaliseCvss({ vector: found.vectorString, score: found.baseScore });
        if (cvss) return cvss;
      }
    }
  }
  return null;
}

function ssvcOf(content: unknown, provider: string, where: string): SsvcAssessment {
  const parsed = SsvcContent.safeParse(content);
  const options = parsed.success ? parsed.data.options : {};
  const exploitation = options['Exploitation']?.toLowerCase();
  const automatable = options['Automatable']?.toLowerCase();
  const impact = options['Technical Impact']?.toLowerCase();
  if (
    !parsed.success ||
    (exploitation !== 'none' && exploitation !== 'poc' && exploitation !== 'active') ||
    (automatable !== 'yes' && automatable !== 'no') ||
    (impact !== 'partial' && impact !== 'total')
  ) {
    throw new InputError(
      `CVE 5 record: ${where}.other.content: SSVC options must give Exploitation none|poc|active, Automatable yes|no and Technical Impact partial|total`,
    );
  }
  return {
    exploitation,
    automatable: automatable === 'yes',
    technicalImpact: impact,
    provider,
    timestamp: parsed.data.timestamp ?? null,
  };
}

function affectedOf(container: Container, provider: string): Cve5Applicability[] {
  return (container.affected ?? []).map((a) => ({
    source: 'cve5',
    provider,
    ...(a.vendor !== undefined && { vendor: a.vendor }),
    ...((a.product ?? a.packageName) !== undefined && { product: a.product ?? a.packageName }),
    cpes: a.cpes ?? [],
    defaultStatus: a.defaultStatus ?? 'unknown',
    versions: a.versions ?? [],
    platforms: a.platforms ?? [],
  }));
}

/** One validated CVE 5 record → a normalised record. */
export function cve5ToRecord(record: Cve5Record): VulnRecord {
  const { cna, adp = [] } = record.containers;
  const containers = [cna, ...adp];
  const cwe = new Set<string>();
  for (const container of containers) {
    for (const problem of container.problemTypes ?? []) {
      for (const d of problem.descriptions) {
        const id = d.cweId ?? /\bCWE-\d+\b/.exec(d.description)?.[0];
        if (id && /^CWE-\d+$/.test(id)) cwe.add(id);
      }
    }
  }
  let ssvc: SsvcAssessment | undefined;
  let kev: VulnRecord['kev'];
  adp.forEach((container, i) => {
    const provider = container.providerMetadata?.shortName ?? `adp${i}`;
    (container.metrics ?? []).forEach((metric, j) => {
      const where = `containers.adp[${i}].metrics[${j}]`;
      if (metric.other?.type === 'ssvc') ssvc = ssvcOf(metric.other.content, provider, where);
      if (metric.other?.type === 'kev') {
        const content = KevContent.safeParse(metric.other.content);
        if (!content.success)
          throw new InputError(`CVE 5 record: ${where}.other.content.dateAdded: must be YYYY-MM-DD`);
        kev = { dateAdded: content.data.dateAdded, dueDate: null, ransomware: null, action: null };
      }
    });
  });
  const applicability = [
    ...affectedOf(cna, 'cna'),
    ...adp.flatMap((c, i) => affectedOf(c, c.providerMetadata?.shortName ?? `adp${i}`)),
  ].slice(0, MAX_APPLICABILITY);
  const description = cna.descriptions?.find((d) => d.lang.toLowerCase().startsWith('en')) ?? cna.descriptions?.[0];
  return {
    ...emptyVulnRecord(record.cveMetadata.cveId, 'cve5'),
    published: isoTimestamp(record.cveMetadata.datePublished),
    modified: isoTimestamp(record.cveMetadata.dateUpdated),
    description: description?.value ?? '',
    cvss: pickCvss(containers),
    cwe: [...cwe].sort(),
    ...(kev && { kev }),
    ...(ssvc && { ssvc }),
    applicability,
    rejected: record.cveMetadata.state === 'REJECTED',
  };
}

/** Parses one CVE JSON 5.x record (JSON text or parsed JSON); InputError with the JSON path on bad input. */
export function parseCve5Record(input: unknown): VulnRecord {
  return cve5ToRecord(parseFeed(Cve5Record, input, 'CVE 5 record'));
}
