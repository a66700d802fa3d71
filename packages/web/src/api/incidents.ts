import {
  Assignee,
  Incident,
  IncidentComment,
  IncidentDetail,
  IncidentObservable,
  IncidentTask,
  Team,
  type CreateIncident,
  type CreateObservable,
  type CreateTask,
  type IncidentSeverity,
  type IncidentStatus,
  type ShareIncident,
  type UpdateIncident,
  type UpdateObservable,
  type UpdateTask,
} from '@citysoc/core';
import { request } from './client.ts';

/**
 * The incident endpoints: the queue, the case and its work items, teams. Every answer is parsed with the
 * schema the server validates with, so a mismatch fails here rather than in a component.
 */

const incidentList = Incident.array();
const assigneeList = Assignee.array();
const teamList = Team.array();

const path = (id: string, rest = ''): string => `/api/incidents/${encodeURIComponent(id)}${rest}`;

/** Queue filters; an omitted one does not filter. `status: 'open'` is every phase but closed. */
export interface IncidentCriteria {
  readonly status?: IncidentStatus | 'open';
  readonly severity?: IncidentSeverity;
  readonly department?: string;
  readonly assignee?: string;
  readonly team?: string;
  /** breached | running | met: computed by the server from each case's clocks. */
  readonly sla?: 'breached' | 'running' | 'met';
  readonly q?: string;
}

export function listIncidents(criteria: IncidentCriteria = {}): Promise<Incident[]> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(criteria)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  const query = params.toString();
  return request('GET', `/api/incidents${query === '' ? '' : `?${query}`}`, (json) => incidentList.parse(json));
}

export function fetchIncident(id: string): Promise<IncidentDetail> {
  return request('GET', path(id), (json) => IncidentDetail.parse(json));
}

export function createIncident(input: CreateIncident): Promise<IncidentDetail> {
  return request('POST', '/api/incidents', (json) => IncidentDetail.parse(json), input);
}

export function updateIncident(id: string, input: UpdateIncident): Promise<IncidentDetail> {
  return request('PATCH', path(id), (json) => IncidentDetail.parse(json), input);
}

export function escalateAlerts(id: string, alertIds: readonly string[]): Promise<IncidentDetail> {
  return request('POST', path(id, '/alerts'), (json) => IncidentDetail.parse(json), { alertIds });
}

export function listAssignees(id: string): Promise<Assignee[]> {
  return request('GET', path(id, '/assignees'), (json) => assigneeList.parse(json));
}

export function addTask(id: string, input: CreateTask): Promise<IncidentTask> {
  return request('POST', path(id, '/tasks'), (json) => IncidentTask.parse(json), input);
}

export function updateTask(id: string, taskId: string, input: UpdateTask): Promise<IncidentTask> {
  return request('PATCH', path(id, `/tasks/${encodeURIComponent(taskId)}`), (json) => IncidentTask.parse(json), input);
}

export function addComment(id: string, body: string): Promise<IncidentComment> {
  return request('POST', path(id, '/comments'), (json) => IncidentComment.parse(json), { body });
}

export function addObservable(id: string, input: CreateObservable): Promise<IncidentObservable> {
  return request('POST', path(id, '/observables'), (json) => IncidentObservable.parse(json), input);
}

export function updateObservable(id: string, observableId: string, input: UpdateObservable) {
  return request(
    'PATCH',
    path(id, `/observables/${encodeURIComponent(observableId)}`),
    (json) => IncidentObservable.parse(json),
    input,
  );
}

export function shareIncident(id: string, input: ShareIncident): Promise<IncidentDetail> {
  return request('POST', path(id, '/shares'), (json) => IncidentDetail.parse(json), input);
}

/** Null when the caller no longer sees the case (they ended their own department's share). */
export function unshareIncident(id: string, departmentId: string): Promise<IncidentDetail | null> {
  return request('DELETE', path(id, `/shares/${encodeURIComponent(departmentId)}`), (json) =>
    json === null ? null : IncidentDetail.parse(json),
  );
}

export function listTeams(): Promise<Team[]> {
  return request('GET', '/api/teams', (json) => teamList.parse(json));
}
