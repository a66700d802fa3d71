import { z } from 'zod';
import type { Criticality } from '../city/inventory.ts';
import type { ResolutionKind, StatusChange } from '../incidents/incident.ts';
import { type IncidentSeverity, type IncidentStatus, severityRank } from '../incidents/lifecycle.ts';
import { slaStatus, SlaTarget } from '../incidents/sla.ts';

/**
 * Response-time metrics of incidents (MTTD, MTTA, MTTC, MTTR) and SLA compliance, computed from what each
 * case stores: its opening time, its status history and the event times of its linked alerts. Definitions are
 * in README.md beside this file; everything here is pure so the numbers can be checked by hand.
 */

/** What the metrics need of one incident. */
export interface MetricsIncident {
  readonly id: string;
  readonly severity: IncidentSeverity;
  readonly departmentId: string | null;
  readonly teamId: string | null;
  /** When the case was opened: the moment of detection. */
  readonly createdAt: string;
  /** Status changes after creation, oldest first (the case starts in `new`). */
  readonly statusHistory: readonly StatusChange[];
  /** The resolution recorded at the last close; null while open. */
  readonly resolutionKind: ResolutionKind | null;
  readonly serviceCriticality: Criticality;
  readonly slaFactor: number;
  /** The earliest event time among the incident's linked alerts; null when no alert is linked. */
  readonly firstEvidenceAt: string | null;
  readonly serviceIds: readonly string[];
  readonly techniques: readonly string[];
}

/** Phases in which an incident counts as contained (the SLA's contain clock is met there too). */
export const CONTAINED_PHASES: readonly IncidentStatus[] = ['eradication', 'recovery', 'post_incident', 'closed'];
/** Phases in which an incident counts as resolved. */
export const RESOLVED_PHASES: readonly IncidentStatus[] = ['post_incident', 'closed'];
/**
 * Resolutions that say there was nothing to contain or resolve. Such cases count for MTTD, MTTA and the SLA,
 * but not for MTTC and MTTR: their quick dismissal would make the response look faster than it was.
 */
export const NOT_AN_INCIDENT: readonly ResolutionKind[] = ['false_positive', 'benign', 'duplicate'];

export const MetricsGroupBy = z.enum(['department', 'team', 'severity']);
export type MetricsGroupBy = z.infer<typeof MetricsGroupBy>;
export const MetricsInterval = z.enum(['week', 'month']);
export type MetricsInterval = z.infer<typeof MetricsInterval>;

/** Count, mean, median and 90th percentile of durations, in minutes; null when there is no value. */
export const DurationStats = z.object({
  count: z.number().int(),
  meanMinutes: z.number().nullable(),
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});
export type DurationStats = z.infer<typeof DurationStats>;

/** One SLA clock over a set of incidents: met in time, breached, or still running within its target. */
export const SlaCompliance = z.object({
  met: z.number().int(),
  breached: z.number().int(),
  pending: z.number().int(),
  /** met / (met + breached); null when no clock of the set is decided yet. */
  rate: z.number().nullable(),
});
export type SlaCompliance = z.infer<typeof SlaCompliance>;

export const MetricsSummary = z.object({
  incidents: z.number().int(),
  /** Not closed at the time the metrics are computed for. */
  open: z.number().int(),
  closed: z.number().int(),
  mttd: DurationStats,
  mtta: DurationStats,
  mttc: DurationStats,
  mttr: DurationStats,
  sla: z.object({ acknowledge: SlaCompliance, contain: SlaCompliance, resolve: SlaCompliance }),
});
export type MetricsSummary = z.infer<typeof MetricsSummary>;

/** The times of one incident, in milliseconds from its opening (detection: from its first evidence). */
export interface IncidentTimes {
  /** Status at `asOf`. */
  status: IncidentStatus;
  detectMs: number | null;
  acknowledgeMs: number | null;
  containMs: number | null;
  resolveMs: number | null;
  sla: Record<SlaTarget, 'met' | 'breached' | 'pending'>;
}

const ms = (iso: string): number => Date.parse(iso);

/** The status history as it stood at `asOf`: later changes had not happened yet. */
function historyAt(incident: MetricsIncident, asOf: number): StatusChange[] {
  return incident.statusHistory.filter((change) => ms(change.at) <= asOf);
}

/**
 * When the case entered its final stretch of `phases` (it is in one of them at the end of `history` and was
 * in one since then), or null when it is not in one now. Reopening or stepping back starts the count anew:
 * a case contained, re-infected and contained again was contained the second time.
 */
function finalStretchStart(
  history: readonly StatusChange[],
  phases: readonly IncidentStatus[],
  createdAt: number,
): number | null {
  let start: number | null = phases.includes('new') ? createdAt : null;
  for (const change of history) {
    if (!phases.includes(change.to)) start = null;
    else start ??= Date.parse(change.at);
  }
  return start;
}

/** The times of one incident as they stood at `asOf`. */
export function incidentTimes(incident: MetricsIncident, asOf: Date): IncidentTimes {
  const asOfMs = asOf.getTime();
  const created = ms(incident.createdAt);
  const history = historyAt(incident, asOfMs);
  const status: IncidentStatus = history.at(-1)?.to ?? 'new';
  const counted = incident.resolutionKind === null || !NOT_AN_INCIDENT.includes(incident.resolutionKind);
  const since = (at: number | null) => (at === null ? null : Math.max(0, at - created));
  const firstChange = history[0];
  const contained = counted ? finalStretchStart(history, CONTAINED_PHASES, created) : null;
  const resolved = counted ? finalStretchStart(history, RESOLVED_PHASES, created) : null;
  const clocks = slaStatus(
    {
      createdAt: incident.createdAt,
      severity: incident.severity,
      serviceCriticality: incident.serviceCriticality,
      slaFactor: incident.slaFactor,
      statusHistory: history,
    },
    new Date(Math.max(asOfMs, created)),
  ).clocks;
  const sla = Object.fromEntries(
    SlaTarget.options.map((target) => {
      const clock = clocks.find((c) => c.target === target);
      const outcome = clock === undefined || clock.breached ? 'breached' : clock.state === 'met' ? 'met' : 'pending';
      return [target, outcome];
    }),
  ) as Record<SlaTarget, 'met' | 'breached' | 'pending'>;
  return {
    status,
    detectMs: incident.firstEvidenceAt === null ? null : Math.max(0, created - ms(incident.firstEvidenceAt)),
    acknowledgeMs: firstChange === undefined ? null : since(ms(firstChange.at)),
    containMs: since(contained),
    resolveMs: since(resolved),
    sla,
  };
}

const round = (minutes: number): number => Math.round(minutes * 100) / 100;

/**
 * Mean, median and 90th percentile of durations given in milliseconds, in minutes. The median of an even count
 * is the mean of the two middle values; the p90 is the nearest rank (the smallest value at or above 90 % of
 * them), so it is always a duration some case really took.
 */
export function durationStats(valuesMs: readonly number[]): DurationStats {
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, meanMinutes: null, medianMinutes: null, p90Minutes: null };
  const at = (i: number) => (sorted[i] ?? 0) / 60_000;
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  const mean = sorted.reduce((a, b) => a + b, 0) / n / 60_000;
  return {
    count: n,
    meanMinutes: round(mean),
    medianMinutes: round(median),
    p90Minutes: round(at(Math.ceil(0.9 * n) - 1)),
  };
}

function compliance(outcomes: readonly ('met' | 'breached' | 'pending')[]): SlaCompliance {
  const met = outcomes.filter((o) => o === 'met').length;
  const breached = outcomes.filter((o) => o === 'breached').length;
  return {
    met,
    breached,
    pending: outcomes.length - met - breached,
    rate: met + breached === 0 ? null : met / (met + breached),
  };
}

/** The metrics of a set of incidents as they stood at `asOf`. */
export function summarizeIncidents(incidents: readonly MetricsIncident[], asOf: Date): MetricsSummary {
  const times = incidents.map((incident) => incidentTimes(incident, asOf));
  const values = (pick: (t: IncidentTimes) => number | null) =>
    times.flatMap((t) => {
      const value = pick(t);
      return value === null ? [] : [value];
    });
  const closed = times.filter((t) => t.status === 'closed').length;
  return {
    incidents: incidents.length,
    open: incidents.length - closed,
    closed,
    mttd: durationStats(values((t) => t.detectMs)),
    mtta: durationStats(values((t) => t.acknowledgeMs)),
    mttc: durationStats(values((t) => t.containMs)),
    mttr: durationStats(values((t) => t.resolveMs)),
    sla: {
      acknowledge: compliance(times.map((t) => t.sla.acknowledge)),
      contain: compliance(times.map((t) => t.sla.contain)),
      resolve: compliance(times.map((t) => t.sla.resolve)),
    },
  };
}

/** The start of the week (Monday 00:00 UTC, as ISO 8601 weeks) or month (the 1st, UTC) holding `at`. */
export function periodStart(at: Date, interval: MetricsInterval): Date {
  if (interval === 'month') return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000);
}

export function nextPeriod(start: Date, interval: MetricsInterval): Date {
  if (interval === 'month') return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return new Date(start.getTime() + 7 * 86_400_000);
}

/** The periods that overlap [from, to), each [start, end). */
export function periodsBetween(from: Date, to: Date, interval: MetricsInterval): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (let start = periodStart(from, interval); start < to; start = nextPeriod(start, interval)) {
    out.push({ start, end: nextPeriod(start, interval) });
  }
  return out;
}

/** The key an incident is grouped under: its department, team or severity (null: city-wide, or no team). */
export function groupKey(incident: MetricsIncident, by: MetricsGroupBy): string | null {
  if (by === 'department') return incident.departmentId;
  if (by === 'team') return incident.teamId;
  return incident.severity;
}

export interface MetricsGroup {
  key: string | null;
  summary: MetricsSummary;
}

/** Groups, most incidents first (by severity: critical first), then by key; null keys last. */
export function groupIncidents(incidents: readonly MetricsIncident[], by: MetricsGroupBy, asOf: Date): MetricsGroup[] {
  const groups = new Map<string | null, MetricsIncident[]>();
  for (const incident of incidents) {
    const key = groupKey(incident, by);
    groups.set(key, [...(groups.get(key) ?? []), incident]);
  }
  const order = (a: MetricsGroup, b: MetricsGroup): number => {
    if (by === 'severity') return severityRank(b.key as IncidentSeverity) - severityRank(a.key as IncidentSeverity);
    if (a.key === null || b.key === null) return a.key === null ? 1 : -1;
    return b.summary.incidents - a.summary.incidents || a.key.localeCompare(b.key);
  };
  return [...groups].map(([key, members]) => ({ key, summary: summarizeIncidents(members, asOf) })).sort(order);
}

export interface MetricsPeriod {
  start: string;
  end: string;
  summary: MetricsSummary;
}

/** One summary per period, of the incidents opened in it, all as they stood at `asOf`. */
export function trendOf(
  incidents: readonly MetricsIncident[],
  range: { from: Date; to: Date },
  interval: MetricsInterval,
  asOf: Date,
): MetricsPeriod[] {
  return periodsBetween(range.from, range.to, interval).map(({ start, end }) => {
    const opened = incidents.filter((i) => {
      const at = ms(i.createdAt);
      return at >= start.getTime() && at < end.getTime();
    });
    return { start: start.toISOString(), end: end.toISOString(), summary: summarizeIncidents(opened, asOf) };
  });
}
