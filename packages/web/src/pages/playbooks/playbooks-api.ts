import { PlaybookCatalogue, PlaybookDetail, PlaybookRun } from '@citysoc/core';
import { request } from '../../api/client.ts';

/** The playbook endpoints; answers are parsed with the schemas the server validates with. */

const runList = PlaybookRun.array();
const runPath = (id: string, rest = '') => `/api/playbook-runs/${encodeURIComponent(id)}${rest}`;

export function fetchPlaybookCatalogue(incidentId?: string): Promise<PlaybookCatalogue> {
  const query = incidentId === undefined ? '' : `?incidentId=${encodeURIComponent(incidentId)}`;
  return request('GET', `/api/playbooks${query}`, (json) => PlaybookCatalogue.parse(json));
}

export function fetchPlaybook(id: string): Promise<PlaybookDetail> {
  return request('GET', `/api/playbooks/${encodeURIComponent(id)}`, (json) => PlaybookDetail.parse(json));
}

export function listPlaybookRuns(incidentId: string): Promise<PlaybookRun[]> {
  return request('GET', `/api/incidents/${encodeURIComponent(incidentId)}/playbooks`, (json) => runList.parse(json));
}

export function startPlaybook(incidentId: string, playbookId: string): Promise<PlaybookRun> {
  return request(
    'POST',
    `/api/incidents/${encodeURIComponent(incidentId)}/playbooks`,
    (json) => PlaybookRun.parse(json),
    {
      playbookId,
    },
  );
}

export function decideStep(runId: string, stepId: string, approve: boolean, reason: string): Promise<PlaybookRun> {
  const path = runPath(runId, `/steps/${encodeURIComponent(stepId)}/${approve ? 'approve' : 'deny'}`);
  return request('POST', path, (json) => PlaybookRun.parse(json), { reason });
}

export function cancelRun(runId: string, reason: string): Promise<PlaybookRun> {
  return request('POST', runPath(runId, '/cancel'), (json) => PlaybookRun.parse(json), { reason });
}
