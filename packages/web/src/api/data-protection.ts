import {
  type AccessDecisionInput,
  AccessRequestView,
  type AccessRequestStatus,
  BackupStatus,
  DatasetView,
  GrantView,
} from '@citysoc/core';
import { z } from 'zod';
import { request } from './client.ts';

/** The data-protection endpoints the Data protection area uses: catalogue, access requests, grants, backups. */

const datasetList = DatasetView.array();
const requestList = AccessRequestView.array();
const grantList = GrantView.array();
const backupList = BackupStatus.array();
const Decided = z.object({ request: AccessRequestView, grant: GrantView.nullable() });
export type Decided = z.infer<typeof Decided>;

/** The catalogue within the caller's departments. */
export function listDatasets(): Promise<DatasetView[]> {
  return request('GET', '/api/datasets', (json) => datasetList.parse(json));
}

/** `inbox`: requests the caller decides; `mine`: requests the caller made. */
export function listAccessRequests(view: 'inbox' | 'mine', status?: AccessRequestStatus): Promise<AccessRequestView[]> {
  const params = new URLSearchParams({ view });
  if (status !== undefined) params.set('status', status);
  return request('GET', `/api/access-requests?${params.toString()}`, (json) => requestList.parse(json));
}

export interface AccessRequestDraft {
  readonly subject: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly duration: string;
}

export function requestAccess(datasetId: string, draft: AccessRequestDraft): Promise<AccessRequestView> {
  return request(
    'POST',
    `/api/datasets/${encodeURIComponent(datasetId)}/access-requests`,
    (json) => AccessRequestView.parse(json),
    draft,
  );
}

export function decideAccessRequest(id: string, decision: AccessDecisionInput): Promise<Decided> {
  return request(
    'POST',
    `/api/access-requests/${encodeURIComponent(id)}/decision`,
    (json) => Decided.parse(json),
    decision,
  );
}

/** Grants still in force (unexpired, unrevoked). */
export function listActiveGrants(): Promise<GrantView[]> {
  return request('GET', '/api/grants?active=true', (json) => grantList.parse(json));
}

export function revokeGrant(id: string, reason: string): Promise<GrantView> {
  return request('POST', `/api/grants/${encodeURIComponent(id)}/revoke`, (json) => GrantView.parse(json), { reason });
}

export function fetchBackupStatus(): Promise<BackupStatus[]> {
  return request('GET', '/api/backups/status', (json) => backupList.parse(json));
}
