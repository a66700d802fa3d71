import { durationText, type MonthlyReport, rateText, type SlaCompliance } from '@citysoc/core';

/** The rows of the monthly report's tables, shared by the HTML and the PDF so both say the same thing. */

const count = (n: number) => n.toLocaleString('en-US');

export function monthTitle(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1)).toLocaleString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function headlineFacts(report: MonthlyReport): [string, string][] {
  const facts: [string, string][] = [
    ['Scope', report.scope],
    ['Incidents opened', count(report.activity.opened)],
    ['Incidents closed', count(report.activity.closed)],
    ['Open at the start of the month', count(report.activity.openAtStart)],
    ['Open at the end of the month', count(report.activity.openAtEnd)],
    ['Median time to detect', durationText(report.summary.mttd.medianMinutes)],
    ['Median time to resolve', durationText(report.summary.mttr.medianMinutes)],
  ];
  const breaches = report.personalDataBreaches;
  if (breaches.total > 0) {
    facts.push([
      'Personal-data breaches',
      `${count(breaches.total)}: ${count(breaches.notifiedInTime)} notified within 72 h, ` +
        `${count(breaches.notifiedLate)} late, ${count(breaches.notNotified)} not notified`,
    ]);
  }
  if (report.posture !== null) {
    facts.push([
      'Posture score (city, month end)',
      report.posture.score === null ? 'n/a' : report.posture.score.toFixed(1),
    ]);
  }
  if (report.stance !== null)
    facts.push(['Security stance (city, month end)', `Level ${report.stance.level} (${report.stance.name})`]);
  return facts;
}

const slaRow = (name: string, c: SlaCompliance): string[] => [
  name,
  rateText(c.rate),
  count(c.met),
  count(c.breached),
  count(c.pending),
];

export const SLA_HEADER = ['Clock', 'Compliance', 'Met', 'Breached', 'Running'];
export function slaRows(report: MonthlyReport): string[][] {
  const { sla } = report.summary;
  return [slaRow('Acknowledge', sla.acknowledge), slaRow('Contain', sla.contain), slaRow('Resolve', sla.resolve)];
}

export const TIMES_HEADER = ['Metric', 'Cases', 'Mean', 'Median', '90th percentile'];
export function timesRows(report: MonthlyReport): string[][] {
  const s = report.summary;
  return (
    [
      ['Time to detect (MTTD)', s.mttd],
      ['Time to acknowledge (MTTA)', s.mtta],
      ['Time to contain (MTTC)', s.mttc],
      ['Time to resolve (MTTR)', s.mttr],
    ] as const
  ).map(([name, stats]) => [
    name,
    count(stats.count),
    durationText(stats.meanMinutes),
    durationText(stats.medianMinutes),
    durationText(stats.p90Minutes),
  ]);
}

export const SEVERITY_HEADER = ['Severity', 'Opened', 'Open at month end'];
export const severityRows = (report: MonthlyReport): string[][] =>
  report.bySeverity.map((s) => [s.severity, count(s.opened), count(s.openAtEnd)]);

export const SERVICE_HEADER = ['Service', 'Criticality', 'Incidents'];
export const serviceRows = (report: MonthlyReport): string[][] =>
  report.byService.map((s) => [s.name, s.criticality ?? '-', count(s.incidents)]);

export const DEPARTMENT_HEADER = ['Department', 'Incidents'];
export const departmentRows = (report: MonthlyReport): string[][] =>
  report.byDepartment.map((d) => [d.name, count(d.incidents)]);

export const TECHNIQUE_HEADER = ['Technique', 'Name', 'Incidents'];
export const techniqueRows = (report: MonthlyReport): string[][] =>
  report.techniques.map((t) => [t.id ?? '-', t.name, count(t.incidents)]);

export const TREND_HEADER = ['Month', 'Incidents', 'MTTD mean', 'MTTD median', 'MTTR mean', 'MTTR median'];
export const trendRows = (report: MonthlyReport): string[][] =>
  report.trend.map((t) => [
    t.month,
    count(t.incidents),
    durationText(t.mttd.meanMinutes),
    durationText(t.mttd.medianMinutes),
    durationText(t.mttr.meanMinutes),
    durationText(t.mttr.medianMinutes),
  ]);

export const INCIDENT_HEADER = ['Reference', 'Title', 'Severity', 'Status', 'Department', 'Opened'];
export const incidentRows = (report: MonthlyReport): string[][] =>
  report.incidents.map((i) => [i.ref, i.title, i.severity, i.status.replace('_', ' '), i.department, i.openedAt]);

export const REPORT_NOTE =
  'Figures are of the incidents opened in the month, as they stood at its end. Times are wall-clock, from the ' +
  "case's opening (detection: from the first alert's event). False positives, benign and duplicate cases are " +
  'left out of containment and resolution times. Medians and 90th percentiles beside the means: with few ' +
  'cases, one outlier moves the mean.';
