import { z } from 'zod';
import type { Criticality } from '../city/inventory.ts';
import { InputError } from '../errors.ts';

export const IncidentSeverity = z.enum(['low', 'medium', 'high', 'critical']);
export type IncidentSeverity = z.infer<typeof IncidentSeverity>;

/** The phases of NIST SP 800-61 (detection & analysis is `triage`; post-incident activity is `post_incident`). */
export const IncidentStatus = z.enum([
  'new',
  'triage',
  'containment',
  'eradication',
  'recovery',
  'post_incident',
  'closed',
]);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/**
 * The allowed phase changes. Forward along NIST's cycle; back one step where the work shows the threat is not
 * gone (re-infection during eradication or recovery sends the case back to containment, as 800-61 describes
 * the cycle); straight to `closed` only before containment (a false positive or benign alert found in triage);
 * and `closed` → `triage` to reopen, which needs a reason.
 */
export const INCIDENT_TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  new: ['triage', 'containment', 'closed'],
  triage: ['containment', 'closed'],
  containment: ['eradication', 'triage'],
  eradication: ['recovery', 'containment'],
  recovery: ['post_incident', 'containment'],
  post_incident: ['closed', 'recovery'],
  closed: ['triage'],
};

/** Open means not closed: what the queue, the grouping and the stance count. */
export function isOpenStatus(status: IncidentStatus): boolean {
  return status !== 'closed';
}

export function nextStatuses(from: IncidentStatus): IncidentStatus[] {
  return [...INCIDENT_TRANSITIONS[from]];
}

/**
 * Checks one phase change and says clearly why it is refused: not in the table, a reopen without a reason,
 * or a close without a resolution summary.
 */
export function checkTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  context: { reason?: string | undefined; resolutionSummary?: string | undefined },
): void {
  if (from === to) throw new InputError(`The incident is already in '${to}'`);
  if (!INCIDENT_TRANSITIONS[from].includes(to)) {
    const allowed = INCIDENT_TRANSITIONS[from].join(', ');
    throw new InputError(`An incident cannot move from '${from}' to '${to}' (allowed from '${from}': ${allowed})`);
  }
  if (from === 'closed' && !context.reason?.trim()) {
    throw new InputError('Reopening a closed incident needs a reason');
  }
  if (to === 'closed' && !context.resolutionSummary?.trim()) {
    throw new InputError('Closing an incident needs a resolution summary');
  }
}

const RANK: Readonly<Record<IncidentSeverity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

export function severityRank(severity: IncidentSeverity | Criticality): number {
  return RANK[severity];
}

export function maxSeverity<T extends IncidentSeverity>(values: readonly T[], fallback: T): T {
  return values.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), fallback);
}

/** A Sigma level as an incident severity: informational and unknown levels count as low. */
export function severityOfAlertLevel(level: string | null): IncidentSeverity {
  const parsed = IncidentSeverity.safeParse(level);
  return parsed.success ? parsed.data : 'low';
}

/**
 * Default priority from severity × the criticality of the affected services (each ranked 0–3): a sum of 5–6
 * is P1, 3–4 P2, 2 P3, 0–1 P4. So a critical incident on a critical service is P1, a high one on a medium
 * service P2, a low one on a low service P4. Operators may change it.
 */
export function priorityFor(severity: IncidentSeverity, criticality: Criticality): 'P1' | 'P2' | 'P3' | 'P4' {
  const score = RANK[severity] + RANK[criticality];
  if (score >= 5) return 'P1';
  if (score >= 3) return 'P2';
  if (score === 2) return 'P3';
  return 'P4';
}
