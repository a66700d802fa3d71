import { z } from 'zod';
import type { Criticality } from '../city/inventory.ts';
import { CvssSeverity } from './cvss.ts';
import { matchSoftware, type VulnIndex } from './match.ts';
import { PossibleMatch, VulnMatch } from './match-types.ts';
import { Priority, prioritise } from './prioritise.ts';
import { SsvcDecision } from './ssvc.ts';
import { CveId } from './vuln-record.ts';

/**
 * Findings: confirmed matches of the inventory against the vulnerability index, prioritised and sorted. The
 * shape is the API's and the CLI's (`citysoc vulns findings`), snake_case like the inventory file format.
 */
export const VulnFinding = z.object({
  asset: z.string(),
  cve: CveId,
  /** CVSS base score (null when no source scored it), with its version, vector and rating. */
  cvss: z.number().min(0).max(10).nullable(),
  cvss_version: z.string().nullable(),
  cvss_vector: z.string().nullable(),
  severity: CvssSeverity.nullable(),
  kev: z.boolean(),
  kev_due: z.string().nullable(),
  epss: z.number().min(0).max(1).nullable(),
  ssvc: SsvcDecision,
  priority: Priority,
  /** 0–100 within-and-across-priority order (prioritise.ts). */
  score: z.number().min(0).max(100),
  /** Remediation due date, YYYY-MM-DD. */
  due: z.string(),
  /** Ids of the services that depend on the asset, most residents first. */
  services: z.array(z.string()),
  /** Which CPE and version rule matched, then why this priority. */
  reason: z.string(),
  matches: z.array(VulnMatch).min(1),
});
export type VulnFinding = z.infer<typeof VulnFinding>;

/** Vendor and product matched but the version (or platform) could not be confirmed: listed, never counted. */
export const PossibleFinding = z.object({
  asset: z.string(),
  cve: CveId,
  reason: z.string(),
  matches: z.array(PossibleMatch).min(1),
});
export type PossibleFinding = z.infer<typeof PossibleFinding>;

/** What matching needs of an asset (an inventory `AssetDefinition` fits). */
export interface FindingAsset {
  readonly id: string;
  readonly software: readonly string[];
  readonly zone?: string | undefined;
  readonly criticality: Criticality;
  /** Overrides the zone's guess (prioritise.ts INTERNET_FACING_ZONES). */
  readonly internet_facing?: boolean | undefined;
}

export interface FindingService {
  readonly id: string;
  readonly criticality: Criticality;
  readonly population: number;
}

export interface FindingsResult {
  readonly findings: VulnFinding[];
  readonly possible: PossibleFinding[];
}

const PRIORITY_ORDER: Record<Priority, number> = { P1: 0, P2: 1, P3: 2, P4: 3 };

/** Priority, then score (high first), then due date, then asset and CVE: a stable, explainable order. */
export function compareFindings(a: VulnFinding, b: VulnFinding): number {
  return (
    PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] ||
    b.score - a.score ||
    a.due.localeCompare(b.due) ||
    a.asset.localeCompare(b.asset) ||
    a.cve.localeCompare(b.cve)
  );
}

/** "cpe … matched nvd criteria (range) running on …" for the first match, and how many more there are. */
export function describeMatches(matches: readonly VulnMatch[]): string {
  const first = matches[0];
  if (!first) return '';
  const by = first.matchedBy === 'nvd' ? 'NVD' : `CVE 5 ${first.provider ?? ''}`.trim();
  const platform = first.platform ? ` running on ${first.platform.join(', ')}` : '';
  const more = matches.length > 1 ? ` (+${matches.length - 1} more)` : '';
  return `${first.cpe} matched ${by} ${first.criteria} (${first.range})${platform}${more}`;
}

/**
 * Matches every asset against the index and prioritises each confirmed match. `servicesOf` gives the services
 * depending on an asset (the server derives them from the city graph). Findings come sorted by
 * `compareFindings`; possible findings (unknown versions) come separately, sorted by asset and CVE.
 */
export function findVulnerabilities(
  index: VulnIndex,
  assets: Iterable<FindingAsset>,
  servicesOf: (assetId: string) => readonly FindingService[],
  now: Date,
): FindingsResult {
  const findings: VulnFinding[] = [];
  const possible: PossibleFinding[] = [];
  for (const asset of assets) {
    if (asset.software.length === 0) continue;
    const evaluations = matchSoftware(index, asset.software);
    if (evaluations.length === 0) continue;
    const services = servicesOf(asset.id);
    const context = {
      zone: asset.zone,
      internetFacing: asset.internet_facing,
      assetCriticality: asset.criticality,
      services,
    };
    for (const { record, matches, possible: unconfirmed } of evaluations) {
      if (matches.length === 0) {
        const first = unconfirmed[0] as PossibleMatch;
        possible.push({
          asset: asset.id,
          cve: record.cve,
          reason: `${describeMatches(unconfirmed)}: ${first.why}`,
          matches: unconfirmed,
        });
        continue;
      }
      const result = prioritise(record, context, now);
      findings.push({
        asset: asset.id,
        cve: record.cve,
        cvss: record.cvss?.score ?? null,
        cvss_version: record.cvss?.version ?? null,
        cvss_vector: record.cvss?.vector ?? null,
        severity: record.cvss?.severity ?? null,
        kev: record.kev !== undefined,
        kev_due: record.kev?.dueDate ?? null,
        epss: record.epss?.score ?? null,
        ssvc: result.ssvc,
        priority: result.priority,
        score: result.score,
        due: result.due,
        services: services.map((s) => s.id),
        reason: `${describeMatches(matches)}. ${result.reason}`,
        matches,
      });
    }
  }
  findings.sort(compareFindings);
  possible.sort((a, b) => a.asset.localeCompare(b.asset) || a.cve.localeCompare(b.cve));
  return { findings, possible };
}
