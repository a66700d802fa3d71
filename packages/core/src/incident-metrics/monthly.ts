import { BREACH_NOTIFICATION_HOURS } from '../incidents/casework.ts';
import type { IncidentStatus } from '../incidents/lifecycle.ts';
import { IncidentSeverity, severityRank } from '../incidents/lifecycle.ts';
import {
  groupIncidents,
  type MetricsGroupBy,
  type MetricsIncident,
  type MetricsInterval,
  summarizeIncidents,
  trendOf,
} from './metrics.ts';
import type { IncidentMetrics, MonthlyReport } from './report-schemas.ts';

/** An incident as the reports list it. */
export interface ReportIncident extends MetricsIncident {
  readonly ref: string;
  readonly title: string;
  /** When the personal-data breach clock started; null when the case touches no personal data. */
  readonly breachStartedAt?: string | null;
  readonly breachNotifiedAt?: string | null;
}

/** GDPR art. 33: the supervisory authority is notified within 72 hours of becoming aware of the breach. */
function breachFigures(opened: readonly ReportIncident[], asOf: Date): MonthlyReport['personalDataBreaches'] {
  const breaches = opened.filter((i) => i.breachStartedAt != null);
  const notifiedBy = (i: ReportIncident) =>
    i.breachNotifiedAt != null && Date.parse(i.breachNotifiedAt) <= asOf.getTime()
      ? Date.parse(i.breachNotifiedAt)
      : null;
  const inTime = breaches.filter((i) => {
    const at = notifiedBy(i);
    return at !== null && at - Date.parse(i.breachStartedAt ?? '') <= BREACH_NOTIFICATION_HOURS * 3_600_000;
  }).length;
  const notified = breaches.filter((i) => notifiedBy(i) !== null).length;
  return {
    total: breaches.length,
    notifiedInTime: inTime,
    notifiedLate: notified - inTime,
    notNotified: breaches.length - notified,
  };
}

/** Names for the ids the reports show; an unknown id shows as itself. */
export interface ReportNames {
  department(id: string | null): string;
  team(id: string | null): string;
  service(id: string): { name: string; criticality: string | null };
  technique(id: string): string;
}

/** [from, to) of a `YYYY-MM` month, in UTC. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [year, monthNumber] = month.split('-').map(Number);
  const from = new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1));
  return { from, to: new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1)) };
}

export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The `count` months ending with `month`, oldest first. */
export function monthsEndingWith(month: string, count: number): string[] {
  const { from } = monthRange(month);
  return Array.from({ length: count }, (_, i) =>
    monthOf(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - (count - 1 - i), 1))),
  );
}

/** The incident's status at `at`, or undefined when it did not exist yet. */
export function statusAt(incident: MetricsIncident, at: Date): IncidentStatus | undefined {
  const time = at.getTime();
  if (Date.parse(incident.createdAt) > time) return undefined;
  let status: IncidentStatus = 'new';
  for (const change of incident.statusHistory) if (Date.parse(change.at) <= time) status = change.to;
  return status;
}

const openedIn = (incident: MetricsIncident, from: Date, to: Date): boolean => {
  const at = Date.parse(incident.createdAt);
  return at >= from.getTime() && at < to.getTime();
};

function countBy<T>(items: readonly T[], keys: (item: T) => readonly (string | null)[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const item of items) for (const key of new Set(keys(item))) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

const mostFirst = <T extends { incidents: number; name: string }>(a: T, b: T): number =>
  b.incidents - a.incidents || a.name.localeCompare(b.name);

const periodLabel = (start: string, interval: MetricsInterval): string =>
  interval === 'month' ? start.slice(0, 7) : start.slice(0, 10);

/** The metrics answer: the incidents opened in [from, to), overall, grouped and per period, as of `asOf`. */
export function incidentMetrics(
  incidents: readonly MetricsIncident[],
  request: { from: Date; to: Date; asOf: Date; groupBy: MetricsGroupBy | null; interval: MetricsInterval },
  names: Pick<ReportNames, 'department' | 'team'>,
): IncidentMetrics {
  const { from, to, asOf, groupBy, interval } = request;
  const opened = incidents.filter((i) => openedIn(i, from, to));
  const label = (key: string | null): string =>
    groupBy === 'department' ? names.department(key) : groupBy === 'team' ? names.team(key) : (key ?? '');
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    asOf: asOf.toISOString(),
    interval,
    groupBy,
    overall: summarizeIncidents(opened, asOf),
    groups:
      groupBy === null
        ? []
        : groupIncidents(opened, groupBy, asOf).map((g) => ({ key: g.key, label: label(g.key), summary: g.summary })),
    trend: trendOf(opened, { from, to }, interval, asOf).map((p) => ({ ...p, label: periodLabel(p.start, interval) })),
  };
}

/** How many incidents of the month the report lists one by one. */
export const MONTHLY_INCIDENTS_LISTED = 100;
export const MONTHLY_TOP_TECHNIQUES = 10;
export const MONTHLY_TREND_MONTHS = 6;

/**
 * The figures of the monthly governance report, from every incident that existed during the month or was
 * opened in the five months before it, as they stood at `asOf` (the month's end, or now for the current month).
 */
export function monthlyFigures(
  incidents: readonly ReportIncident[],
  month: string,
  asOf: Date,
  names: ReportNames,
): Omit<MonthlyReport, 'generatedAt' | 'scope' | 'posture' | 'stance'> {
  const { from, to } = monthRange(month);
  const opened = incidents.filter((i) => openedIn(i, from, to));
  const isOpen = (incident: MetricsIncident, at: Date) => {
    const status = statusAt(incident, at);
    return status !== undefined && status !== 'closed';
  };
  const closedInMonth = incidents.filter((i) =>
    i.statusHistory.some(
      (c) => c.to === 'closed' && Date.parse(c.at) >= from.getTime() && Date.parse(c.at) <= asOf.getTime(),
    ),
  );
  const openAtEnd = incidents.filter((i) => isOpen(i, asOf));
  const severities = [...IncidentSeverity.options].reverse();
  const services = countBy(opened, (i) => i.serviceIds);
  const departments = countBy(opened, (i) => [i.departmentId]);
  const techniques = countBy(opened, (i) => i.techniques);
  return {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    asOf: asOf.toISOString(),
    summary: summarizeIncidents(opened, asOf),
    activity: {
      opened: opened.length,
      closed: closedInMonth.length,
      openAtStart: incidents.filter((i) => Date.parse(i.createdAt) < from.getTime() && isOpen(i, from)).length,
      openAtEnd: openAtEnd.length,
    },
    personalDataBreaches: breachFigures(opened, asOf),
    bySeverity: severities.map((severity) => ({
      severity,
      opened: opened.filter((i) => i.severity === severity).length,
      openAtEnd: openAtEnd.filter((i) => i.severity === severity).length,
    })),
    byService: [...services]
      .flatMap(([id, incidentCount]) => (id === null ? [] : [{ id, ...names.service(id), incidents: incidentCount }]))
      .sort(mostFirst),
    byDepartment: [...departments]
      .map(([id, incidentCount]) => ({ id, name: names.department(id), incidents: incidentCount }))
      .sort(mostFirst),
    techniques: [...techniques]
      .flatMap(([id, incidentCount]) =>
        id === null ? [] : [{ id, name: names.technique(id), incidents: incidentCount }],
      )
      .sort((a, b) => b.incidents - a.incidents || (a.id ?? '').localeCompare(b.id ?? ''))
      .slice(0, MONTHLY_TOP_TECHNIQUES),
    trend: monthsEndingWith(month, MONTHLY_TREND_MONTHS).map((m) => {
      const range = monthRange(m);
      const summary = summarizeIncidents(
        incidents.filter((i) => openedIn(i, range.from, range.to)),
        asOf,
      );
      return { month: m, incidents: summary.incidents, mttd: summary.mttd, mttr: summary.mttr };
    }),
    incidents: [...opened]
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.createdAt.localeCompare(b.createdAt))
      .slice(0, MONTHLY_INCIDENTS_LISTED)
      .map((i) => ({
        id: i.id,
        ref: i.ref,
        title: i.title,
        severity: i.severity,
        status: statusAt(i, asOf) ?? 'new',
        department: names.department(i.departmentId),
        openedAt: i.createdAt,
      })),
  };
}
