import {
  IncidentLessons,
  IncidentMetrics,
  type MetricsGroupBy,
  type MetricsInterval,
  MonthlyReport,
} from '@citysoc/core';
import { request } from '../../api/client.ts';

/** The metrics and report endpoints; answers are parsed with the schemas the server validates with. */

export interface MetricsCriteria {
  readonly from: string;
  readonly to?: string;
  readonly groupBy: MetricsGroupBy;
  readonly interval: MetricsInterval;
}

export function fetchIncidentMetrics(criteria: MetricsCriteria): Promise<IncidentMetrics> {
  const params = new URLSearchParams({ from: criteria.from, groupBy: criteria.groupBy, interval: criteria.interval });
  if (criteria.to !== undefined) params.set('to', criteria.to);
  return request('GET', `/api/incidents/metrics?${params.toString()}`, (json) => IncidentMetrics.parse(json));
}

export function fetchMonthlyReport(month: string): Promise<MonthlyReport> {
  return request('GET', `/api/reports/monthly?month=${encodeURIComponent(month)}`, (json) => MonthlyReport.parse(json));
}

const incidentPath = (id: string, rest: string): string => `/api/incidents/${encodeURIComponent(id)}${rest}`;

export function fetchLessons(id: string): Promise<IncidentLessons> {
  return request('GET', incidentPath(id, '/lessons'), (json) => IncidentLessons.parse(json));
}

export function saveLessons(id: string, text: string): Promise<IncidentLessons> {
  return request('PUT', incidentPath(id, '/lessons'), (json) => IncidentLessons.parse(json), { text });
}

/** Downloads are plain links: the session cookie goes with them. */
export const incidentReportPath = (id: string, format: 'html' | 'pdf'): string => incidentPath(id, `/report.${format}`);
export const monthlyReportPath = (month: string, format: 'html' | 'pdf'): string =>
  `/api/reports/monthly.${format}?month=${encodeURIComponent(month)}`;
