import { z } from 'zod';
import type { Criticality } from '../city/inventory.ts';
import { automatableFromCvss, technicalImpactFromCvss } from './cvss.ts';
import {
  type Exploitation,
  type MissionPrevalence,
  missionAndWellBeing,
  type PublicWellBeing,
  SsvcDecision,
  ssvcDecision,
  type SsvcPoints,
} from './ssvc.ts';
import type { VulnRecord } from './vuln-record.ts';

export const Priority = z.enum(['P1', 'P2', 'P3', 'P4']);
export type Priority = z.infer<typeof Priority>;

/** EPSS probability from which exploitation counts as "poc" (about the 94th percentile of all CVEs). */
export const EPSS_POC_THRESHOLD = 0.1;
/** Residents of a critical service from which its loss counts as irreversible harm to public well-being. */
export const IRREVERSIBLE_POPULATION = 10_000;
/** Residents of a service from which its loss counts as material harm. */
export const MATERIAL_POPULATION = 1_000;
/** Zones that face the internet when the asset does not say (`internetFacing` wins when given). */
export const INTERNET_FACING_ZONES: ReadonlySet<string> = new Set([
  'internet',
  'dmz',
  'edge',
  'perimeter',
  'public',
  'external',
  'wan',
]);
/** Days to remediate by priority; a KEV due date that is earlier wins. */
export const REMEDIATION_DAYS: Record<Priority, number> = { P1: 7, P2: 30, P3: 90, P4: 180 };

/** Where the vulnerable asset sits and what depends on it. */
export interface PriorityContext {
  readonly zone?: string | null | undefined;
  readonly internetFacing?: boolean | undefined;
  readonly assetCriticality: Criticality;
  /** The services that depend on the asset, directly or through other assets. */
  readonly services: readonly { readonly criticality: Criticality; readonly population: number }[];
}

/** What prioritisation needs of a vulnerability. */
export type PrioritySubject = Pick<VulnRecord, 'cvss' | 'kev' | 'epss' | 'ssvc'>;

export const PriorityResult = z.object({
  priority: Priority,
  /** 0–100, for ordering within and across priorities: see `prioritise`. */
  score: z.number().min(0).max(100),
  ssvc: SsvcDecision,
  exploitation: z.enum(['none', 'poc', 'active']),
  automatable: z.boolean(),
  technicalImpact: z.enum(['partial', 'total']),
  missionWellBeing: z.enum(['low', 'medium', 'high']),
  internetFacing: z.boolean(),
  /** Remediation due date, YYYY-MM-DD. */
  due: z.string(),
  reason: z.string(),
});
export type PriorityResult = z.infer<typeof PriorityResult>;

const RANK: Record<Criticality, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const EXPLOITATION_RANK: Record<Exploitation, number> = { none: 0, poc: 1, active: 2 };

function exploitationOf(subject: PrioritySubject): Exploitation {
  const evidence: Exploitation[] = ['none'];
  if (subject.kev) evidence.push('active');
  if (subject.ssvc) evidence.push(subject.ssvc.exploitation);
  if (subject.epss && subject.epss.score >= EPSS_POC_THRESHOLD) evidence.push('poc');
  return evidence.reduce((a, b) => (EXPLOITATION_RANK[b] > EXPLOITATION_RANK[a] ? b : a));
}

/** Mission prevalence: essential if a high/critical service depends on it or it is critical itself. */
export function missionPrevalence(context: PriorityContext): MissionPrevalence {
  const top = context.services.reduce((max, s) => Math.max(max, RANK[s.criticality]), -1);
  if (top >= RANK.high || context.assetCriticality === 'critical') return 'essential';
  if (top === RANK.medium || RANK[context.assetCriticality] >= RANK.medium) return 'support';
  return 'minimal';
}

/** Public well-being impact from the services' criticality and the residents they serve. */
export function publicWellBeing(context: PriorityContext): PublicWellBeing {
  const critical = context.services.filter((s) => s.criticality === 'critical');
  if (critical.some((s) => s.population >= IRREVERSIBLE_POPULATION)) return 'irreversible';
  if (critical.length > 0 || context.services.some((s) => s.population >= MATERIAL_POPULATION)) return 'material';
  return 'minimal';
}

export function isInternetFacing(context: Pick<PriorityContext, 'zone' | 'internetFacing'>): boolean {
  if (context.internetFacing !== undefined) return context.internetFacing;
  return context.zone ? INTERNET_FACING_ZONES.has(context.zone.trim().toLowerCase()) : false;
}

function addDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The remediation due date (YYYY-MM-DD) of a finding known since `since`: REMEDIATION_DAYS of its priority,
 * multiplied by the security stance's remediation factor (0 < f ≤ 1; 0.5 halves the time, rounded up to whole
 * days), or the KEV due date when that is earlier. Counted from when the finding was first seen, so re-evaluating
 * it does not move the date; a change of priority or stance does.
 */
export function remediationDue(priority: Priority, since: Date, kevDue: string | null, factor = 1): string {
  const byPriority = addDays(since, Math.ceil(REMEDIATION_DAYS[priority] * factor));
  return kevDue !== null && kevDue < byPriority ? kevDue : byPriority;
}

const PRIORITY_OF: Record<SsvcDecision, Priority> = { Act: 'P1', Attend: 'P2', 'Track*': 'P3', Track: 'P4' };
const RAISED: Record<Priority, Priority> = { P1: 'P1', P2: 'P1', P3: 'P2', P4: 'P3' };

/**
 * Prioritises one vulnerability on one asset.
 *
 * SSVC decision points (CISA's tree, ssvc.ts):
 * - Exploitation: `active` if KEV lists it (or CISA's SSVC says active); `poc` if EPSS ≥ 0.1 (or CISA says poc);
 *   otherwise `none`. The strongest evidence wins.
 * - Automatable and Technical Impact: CISA's vulnrichment values when the record has them; otherwise from the
 *   CVSS vector (cvss.ts: automatable = AV:N/AC:L/PR:N/UI:N; total = C:H+I:H, or PR:N with one high and the
 *   other low). Without CVSS: not automatable, partial.
 * - Mission prevalence: essential if a high or critical service depends on the asset or the asset is critical;
 *   support if a medium service depends on it or the asset is medium/high; minimal otherwise.
 * - Public well-being: irreversible if a critical service serving ≥ 10,000 residents depends on it; material if a
 *   critical service or any service serving ≥ 1,000 does; minimal otherwise.
 *
 * Priority: Act → P1, Attend → P2, Track* → P3, Track → P4; raised one level when the asset faces the internet
 * (its `internetFacing`, else its zone: dmz, internet, edge, …) and the vulnerability is automatable or
 * exploited — the "open exposure" step of SSVC's deployer tree, which CISA's tree leaves out.
 * Due date: now + 7/30/90/180 days for P1–P4, or the KEV due date when earlier (it may be past: overdue).
 *
 * Score 0–100 (orders findings; not a probability): severity CVSS × 3 (no CVSS: 15) + exploitation (active 30,
 * poc 20, none 10 × EPSS/0.1) + exposure (internet-facing 15, internal 5) + mission & well-being (high 25,
 * medium 15, low 5).
 */
export function prioritise(subject: PrioritySubject, context: PriorityContext, now: Date): PriorityResult {
  const exploitation = exploitationOf(subject);
  const automatable = subject.ssvc?.automatable ?? (subject.cvss ? automatableFromCvss(subject.cvss) : false);
  const technicalImpact =
    subject.ssvc?.technicalImpact ?? (subject.cvss ? technicalImpactFromCvss(subject.cvss) : 'partial');
  const prevalence = missionPrevalence(context);
  const wellBeing = publicWellBeing(context);
  const points: SsvcPoints = {
    exploitation,
    automatable,
    technicalImpact,
    missionWellBeing: missionAndWellBeing(prevalence, wellBeing),
  };
  const ssvc = ssvcDecision(points);
  const internetFacing = isInternetFacing(context);
  const raised = internetFacing && (automatable || exploitation !== 'none');
  const priority = raised ? RAISED[PRIORITY_OF[ssvc]] : PRIORITY_OF[ssvc];

  const kevDue = subject.kev?.dueDate ?? null;
  const due = remediationDue(priority, now, kevDue);

  const epss = subject.epss?.score ?? 0;
  const score =
    (subject.cvss ? subject.cvss.score * 3 : 15) +
    (exploitation === 'active' ? 30 : exploitation === 'poc' ? 20 : 10 * Math.min(1, epss / EPSS_POC_THRESHOLD)) +
    (internetFacing ? 15 : 5) +
    (points.missionWellBeing === 'high' ? 25 : points.missionWellBeing === 'medium' ? 15 : 5);

  const evidence = [
    subject.kev ? `KEV since ${subject.kev.dateAdded}` : null,
    subject.epss ? `EPSS ${subject.epss.score.toFixed(3)}` : null,
    subject.ssvc ? `${subject.ssvc.provider} SSVC` : null,
  ].filter((e) => e !== null);
  const reason =
    `SSVC ${ssvc}: exploitation ${exploitation}${evidence.length > 0 ? ` (${evidence.join(', ')})` : ''}, ` +
    `automatable ${automatable ? 'yes' : 'no'}, technical impact ${technicalImpact}, mission & well-being ` +
    `${points.missionWellBeing} (mission ${prevalence}, well-being ${wellBeing})` +
    (raised ? `; internet-facing, raised to ${priority}` : '') +
    (due === kevDue ? `; KEV due ${kevDue}` : '');
  return {
    priority,
    score: Math.round(score * 10) / 10,
    ssvc,
    ...points,
    internetFacing,
    due,
    reason,
  };
}
