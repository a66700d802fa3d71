import {
  Assignee,
  EvidenceFile,
  IncidentDetail,
  IncidentTemplate,
  Team,
  type CreateTeam,
  type RecordBreachNotification,
  type UpdateTeam,
} from '@citysoc/core';
import { BinaryBody, request } from './client.ts';

/**
 * The case-work endpoints: evidence files, the personal-data breach notification, incident templates and teams.
 * Answers are parsed with the server's schemas.
 */

const templateList = IncidentTemplate.array();
const path = (id: string, rest = ''): string => `/api/incidents/${encodeURIComponent(id)}${rest}`;

/** Sends the file as the request body; the server hashes it and answers with what it stored. */
export function uploadEvidence(incidentId: string, file: File): Promise<EvidenceFile> {
  const type = file.type === '' ? 'application/octet-stream' : file.type;
  return request(
    'POST',
    path(incidentId, `/evidence?name=${encodeURIComponent(file.name)}`),
    (json) => EvidenceFile.parse(json),
    new BinaryBody(file, type),
  );
}

/** Where the browser downloads an evidence file (always as an attachment). */
export function evidencePath(incidentId: string, evidenceId: string): string {
  return path(incidentId, `/evidence/${encodeURIComponent(evidenceId)}`);
}

export function recordBreachNotification(incidentId: string, input: RecordBreachNotification) {
  return request('POST', path(incidentId, '/breach-notification'), (json) => IncidentDetail.parse(json), input);
}

export function listIncidentTemplates(): Promise<IncidentTemplate[]> {
  return request('GET', '/api/incident-templates', (json) => templateList.parse(json));
}

export function createTeam(input: CreateTeam): Promise<Team> {
  return request('POST', '/api/teams', (json) => Team.parse(json), input);
}

export function updateTeam(id: string, input: UpdateTeam): Promise<Team> {
  return request('PATCH', `/api/teams/${encodeURIComponent(id)}`, (json) => Team.parse(json), input);
}

const candidateList = Assignee.array();

/** People who can join a team of the department (null: a city-wide team). */
export function listTeamCandidates(departmentId: string | null): Promise<Assignee[]> {
  const query = departmentId === null ? '' : `?department=${encodeURIComponent(departmentId)}`;
  return request('GET', `/api/teams/candidates${query}`, (json) => candidateList.parse(json));
}
