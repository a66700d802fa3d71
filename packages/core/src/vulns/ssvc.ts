import { z } from 'zod';

/**
 * CISA's SSVC decision tree (CISA "Stakeholder-Specific Vulnerability Categorization Guide", Nov 2022; the same
 * table as CERT/CC SSVC `cisa_coordinator_2_0_3`): four decision points → Track, Track*, Attend or Act.
 *
 * - Exploitation: none | poc | active.
 * - Automatable: yes | no.
 * - Technical Impact: partial | total.
 * - Mission & Well-being: low | medium | high, itself from Mission Prevalence (minimal | support | essential)
 *   and Public Well-being Impact (minimal | material | irreversible): high if either is at its top value,
 *   low only if both are minimal, medium otherwise.
 *
 * How CitySOC answers each point from its data is documented on `prioritise` (prioritise.ts).
 */

export const SsvcDecision = z.enum(['Track', 'Track*', 'Attend', 'Act']);
export type SsvcDecision = z.infer<typeof SsvcDecision>;

export type Exploitation = 'none' | 'poc' | 'active';
export type TechnicalImpact = 'partial' | 'total';
export type MissionPrevalence = 'minimal' | 'support' | 'essential';
export type PublicWellBeing = 'minimal' | 'material' | 'irreversible';
export type MissionWellBeing = 'low' | 'medium' | 'high';

export interface SsvcPoints {
  readonly exploitation: Exploitation;
  readonly automatable: boolean;
  readonly technicalImpact: TechnicalImpact;
  readonly missionWellBeing: MissionWellBeing;
}

/** CISA's Mission & Well-being table. */
export function missionAndWellBeing(prevalence: MissionPrevalence, wellBeing: PublicWellBeing): MissionWellBeing {
  if (prevalence === 'essential' || wellBeing === 'irreversible') return 'high';
  if (prevalence === 'minimal' && wellBeing === 'minimal') return 'low';
  return 'medium';
}

/**
 * The 36 leaves, in the table's order: exploitation (none, poc, active) × automatable (no, yes) × technical
 * impact (partial, total) × mission & well-being (low, medium, high).
 */
// prettier-ignore
const TREE: readonly SsvcDecision[] = [
  // none
  'Track', 'Track', 'Track', 'Track', 'Track', 'Track*', // automatable no: partial l/m/h, total l/m/h
  'Track', 'Track', 'Attend', 'Track', 'Track', 'Attend', // automatable yes
  // poc
  'Track', 'Track', 'Track*', 'Track', 'Track*', 'Attend',
  'Track', 'Track', 'Attend', 'Track', 'Track*', 'Attend',
  // active
  'Track', 'Track', 'Attend', 'Track', 'Attend', 'Act',
  'Attend', 'Attend', 'Act', 'Attend', 'Act', 'Act',
];

const EXPLOITATION_INDEX: Record<Exploitation, number> = { none: 0, poc: 1, active: 2 };
const MWB_INDEX: Record<MissionWellBeing, number> = { low: 0, medium: 1, high: 2 };

/** The decision of CISA's tree for these decision points. */
export function ssvcDecision(points: SsvcPoints): SsvcDecision {
  const index =
    EXPLOITATION_INDEX[points.exploitation] * 12 +
    (points.automatable ? 6 : 0) +
    (points.technicalImpact === 'total' ? 3 : 0) +
    MWB_INDEX[points.missionWellBeing];
  return TREE[index] as SsvcDecision;
}
