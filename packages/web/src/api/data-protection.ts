import {
  type AccessDecisionInput,
  AccessRequestView,
  type AccessRequestStatus,
  AnonymizationJob,
  AnonymizationJobDetail,
  type AnonymizationJobInput,
  BackupStatus,
  type DatasetInput,
  DatasetView,
  GrantView,
} from '@citysoc/core';
import { z } from 'zod';
import { request } from './client.ts';

/**
 * The data-protection endpoints the Data protection area uses: catalogue, access requests, grants, backups,
 * anonymisation jobs.
 */

const datasetList = DatasetView.array();
const requestList = AccessRequestView.array();
const grantList = GrantView.array();
const backupList = BackupStatus.array();
const jobList = AnonymizationJob.array();
const DataOwner = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  departments: z.array(z.string()),
});
export type DataOwner = z.infer<typeof DataOwner>;
const ownerList = DataOwner.array();
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

/** The data owners who may own datasets in the caller's departments (for the owner picker). */
export function listDataOwners(): Promise<DataOwner[]> {
  return request('GET', '/api/datasets/owners', (json) => ownerList.parse(json));
}

export function createDataset(input: DatasetInput): Promise<DatasetView> {
  return request('POST', '/api/datasets', (json) => DatasetView.parse(json), input);
}

export function updateDataset(id: string, input: DatasetInput): Promise<DatasetView> {
  return request('PUT', `/api/datasets/${encodeURIComponent(id)}`, (json) => DatasetView.parse(json), input);
}

export function listAnonymizationJobs(): Promise<AnonymizationJob[]> {
  return request('GET', '/api/privacy/anonymizations', (json) => jobList.parse(json));
}

export function fetchAnonymizationJob(id: string): Promise<AnonymizationJobDetail> {
  return request('GET', `/api/privacy/anonymizations/${encodeURIComponent(id)}`, (json) =>
    AnonymizationJobDetail.parse(json),
  );
}

export function runAnonymizationJob(input: AnonymizationJobInput): Promise<AnonymizationJobDetail> {
  return request('POST', '/api/privacy/anonymizations', (json) => AnonymizationJobDetail.parse(json), input);
}

/** Where the browser downloads a job's anonymised CSV. */
export function anonymizationOutputPath(id: string): string {
  return `/api/privacy/anonymizations/${encodeURIComponent(id)}/output.csv`;
}
