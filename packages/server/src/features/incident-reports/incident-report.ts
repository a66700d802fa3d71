import {
  durationText,
  type IncidentDetail,
  type IncidentLessons,
  type IncidentTimes,
  type PlaybookRun,
  type SlaClock,
  type TlpLevel,
} from '@citysoc/core';

/** Everything an incident report shows, gathered once for the HTML and the PDF. */
export interface IncidentReportData {
  incident: IncidentDetail;
  /** The report's marking: the most restrictive TLP of its observables, never below AMBER. */
  tlp: TlpLevel;
  lessons: IncidentLessons;
  times: IncidentTimes;
  departmentName: string;
  services: { id: string; name: string; criticality: string; population: number }[];
  assets: { id: string; name: string; type: string }[];
  /** The playbooks run on the case, oldest first; empty when none ran (or playbooks are not installed). */
  playbookRuns: PlaybookRun[];
  generatedAt: Date;
  generatedBy: string;
}

export const SLA_CLOCK_TITLES = { acknowledge: 'Acknowledge', contain: 'Contain', resolve: 'Resolve' } as const;

/** "met in 10 min (target 30 min)", "breached: 3 h of 2 h", "running: 1 h 5 min left". */
export function slaOutcome(clock: SlaClock): string {
  const elapsed = durationText(clock.elapsedMs / 60_000);
  const target = durationText(clock.targetMinutes);
  if (clock.state === 'met')
    return clock.breached ? `met late: ${elapsed} (target ${target})` : `met in ${elapsed} (target ${target})`;
  return clock.breached
    ? `breached: running ${elapsed} (target ${target})`
    : `running: ${durationText(clock.remainingMs / 60_000)} left of ${target}`;
}

/** The case's own response times, as the metrics define them (README of core `incident-metrics`). */
export function responseTimes(times: IncidentTimes): [string, string][] {
  const minutes = (ms: number | null) => durationText(ms === null ? null : ms / 60_000);
  return [
    ['Time to detect (first evidence to case opened)', minutes(times.detectMs)],
    ['Time to acknowledge', minutes(times.acknowledgeMs)],
    ['Time to contain', minutes(times.containMs)],
    ['Time to resolve', minutes(times.resolveMs)],
  ];
}

export const titleCase = (text: string): string => (text.charAt(0).toUpperCase() + text.slice(1)).replace(/_/g, ' ');

/** The case's facts, label and value, in the order both formats print them. */
export function summaryFacts(data: IncidentReportData): [string, string][] {
  const i = data.incident;
  return [
    ['Reference', i.ref],
    ['Severity', i.severity],
    ['Priority', i.priority],
    ['Status', titleCase(i.status)],
    ['Resolution', i.resolution === null ? 'Not resolved' : `${titleCase(i.resolution.kind)}: ${i.resolution.summary}`],
    ['Department', data.departmentName],
    ['Team', i.teamName ?? '-'],
    ['Assignee', i.assigneeName ?? '-'],
    ['Opened', `${i.createdAt} by ${i.createdBy}`],
    ['Closed', i.closedAt ?? '-'],
    ['Linked alerts', String(i.alertCount)],
    ['ATT&CK techniques', i.techniques.length === 0 ? '-' : i.techniques.join(', ')],
  ];
}

/** The impact lines: residents affected, and how much lies in departments the reader cannot see. */
export function impactSummary(incident: IncidentDetail): string {
  const impact = incident.impact;
  if (impact === null) return 'No affected asset is known: the cascade impact could not be computed.';
  const other = impact.other_departments;
  const hidden =
    other.services + other.assets > 0
      ? ` Outside your departments: ${other.services} services, ${other.assets} assets, ${other.population.toLocaleString('en-US')} residents.`
      : '';
  return `If the affected assets are compromised, ${impact.services.length} services are impacted and ${impact.population_affected.toLocaleString('en-US')} residents are affected.${hidden}`;
}

export const PLAYBOOK_HEADER = ['Playbook', 'Step', 'State', 'What it did', 'Approved by'];

/** One row per step of every run, the run's title and state on its first step. */
export function playbookRows(runs: readonly PlaybookRun[]): string[][] {
  return runs.flatMap((run) => {
    const title = `${run.playbookTitle} v${run.playbookVersion} (${run.trigger}, ${run.state}, started ${run.startedAt} by ${run.startedBy})`;
    if (run.steps.length === 0) return [[title, '-', run.state, run.error ?? '-', '-']];
    return run.steps.map((step, i) => [
      i === 0 ? title : '',
      step.title,
      step.state,
      step.summary ?? step.error ?? '-',
      step.approvals.length === 0 ? '-' : step.approvals.map((a) => `${a.by} (${a.at}): ${a.reason}`).join('; '),
    ]);
  });
}

export function reportFilename(incident: IncidentDetail, extension: 'html' | 'pdf'): string {
  return `citysoc-${incident.ref.toLowerCase()}-report.${extension}`;
}
