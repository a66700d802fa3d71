import type { IncidentStatus, SlaClock, SlaStatus } from '@citysoc/core';

/** Phase names as people say them. */
export const STATUS_LABELS: Readonly<Record<IncidentStatus, string>> = {
  new: 'New',
  triage: 'Triage',
  containment: 'Containment',
  eradication: 'Eradication',
  recovery: 'Recovery',
  post_incident: 'Post-incident',
  closed: 'Closed',
};

/** The button that moves a case to a phase: forward verbs, and plain words for going back. */
export function transitionLabel(from: IncidentStatus, to: IncidentStatus): string {
  if (from === 'closed') return 'Reopen';
  if (to === 'closed') return 'Close';
  return `Move to ${STATUS_LABELS[to].toLowerCase()}`;
}

export const SLA_LABELS: Readonly<Record<SlaClock['target'], string>> = {
  acknowledge: 'Acknowledge',
  contain: 'Contain',
  resolve: 'Resolve',
};

/** "2 h 05 min", "3 d 4 h", "12 min": a countdown at the precision a queue needs. */
export function formatRemaining(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(rest).padStart(2, '0')} min`;
  return `${rest} min`;
}

/** The clock a queue row shows: the first running one (the next deadline), else the last one met. */
export function headlineClock(sla: SlaStatus): SlaClock | undefined {
  return sla.clocks.find((c) => c.state === 'running') ?? sla.clocks.at(-1);
}

/**
 * A clock as text, recomputed for `now` so countdowns move between refreshes: "Contain in 3 h 10 min",
 * "Contain overdue by 12 min", "Resolve met", "Acknowledge met late".
 */
export function describeClock(clock: SlaClock, now: number): string {
  const label = SLA_LABELS[clock.target];
  if (clock.state === 'met') return clock.breached ? `${label} met late` : `${label} met`;
  const remaining = clock.due === null ? clock.remainingMs : Date.parse(clock.due) - now;
  return remaining < 0
    ? `${label} overdue by ${formatRemaining(remaining)}`
    : `${label} in ${formatRemaining(remaining)}`;
}

export function clockBreached(clock: SlaClock, now: number): boolean {
  if (clock.state === 'met' || clock.due === null) return clock.breached;
  return Date.parse(clock.due) < now;
}
