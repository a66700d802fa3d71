import { request } from './client.ts';
import {
  type AttestationRequest,
  ControlSummary,
  PostureControl,
  PostureReport,
  PostureTrendPoint,
} from './posture-schemas.ts';

/** The posture endpoints the Posture area uses. */

const trendList = PostureTrendPoint.array();
const controlList = PostureControl.array();
const summaryList = ControlSummary.array();

const withDepartment = (path: string, department: string | undefined, more: Record<string, string> = {}): string => {
  const params = new URLSearchParams(more);
  if (department !== undefined && department !== '') params.set('department', department);
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
};

/** Scores and gaps within the user's departments (the city's aggregate score is everyone's). */
export function fetchPosture(): Promise<PostureReport> {
  return request('GET', '/api/posture', (json) => PostureReport.parse(json));
}

/** Hourly snapshots of the city and the user's departments, oldest first. */
export function fetchPostureTrend(days: number): Promise<PostureTrendPoint[]> {
  return request('GET', `/api/posture/trend?days=${days}`, (json) => trendList.parse(json));
}

export function listControls(): Promise<PostureControl[]> {
  return request('GET', '/api/posture/controls', (json) => controlList.parse(json));
}

export function fetchControlSummary(): Promise<ControlSummary[]> {
  return request('GET', '/api/posture/controls/summary', (json) => summaryList.parse(json));
}

/** Needs inventory.manage; answers the posture as re-evaluated with the attestation. */
export function attestControl(attestation: AttestationRequest): Promise<PostureReport> {
  return request('POST', '/api/posture/attestations', (json) => PostureReport.parse(json), attestation);
}

/** Downloads (plain links: the session cookie goes with them). */
export function postureCsvPath(department?: string, results: 'gaps' | 'all' = 'gaps'): string {
  return withDepartment('/api/posture/export.csv', department, results === 'all' ? { results } : {});
}

export function posturePdfPath(department?: string): string {
  return withDepartment('/api/posture/report.pdf', department);
}
