import type { Generated } from 'kysely';

/** Tables of posture, data protection and response approvals (migrations 0009–0012). */

export interface PostureObservationsTable {
  asset_id: string;
  metric: string;
  state: string | null;
  value: number | null;
  observed_at: string;
  event_id: string;
}

export interface PostureAttestationsTable {
  id: string;
  control_id: string;
  /** asset id or department id */
  target: string;
  department_id: string;
  attested_by: string;
  attested_at: string;
  expires_at: string;
  note: string;
}

export interface PostureResultsTable {
  key: string;
  control_id: string;
  target_kind: string;
  target_id: string;
  department_id: string;
  status: string;
  reason: string;
  since: string;
  evaluated_at: string;
}

export interface PostureScoresTable {
  seq: Generated<number>;
  scope: string;
  at: string;
  score: number | null;
  /** DirectionScores as JSON */
  directions: string;
}

export interface DatasetsTable {
  id: string;
  name: string;
  department_id: string;
  owner_user_id: string;
  classification: string;
  /** The Dataset (core) as JSON, durations in seconds */
  document: string;
  created_at: string;
  updated_at: string;
}

export interface DatasetAccessRequestsTable {
  id: string;
  dataset_id: string;
  department_id: string;
  subject: string;
  /** JSON array of field names */
  fields: string;
  purpose: string;
  duration_seconds: number;
  /** The requester's name and principal id */
  requested_by: string;
  requested_by_id: string;
  requested_at: string;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  grant_id: string | null;
}

export interface DatasetGrantsTable {
  id: string;
  request_id: string;
  dataset_id: string;
  department_id: string;
  subject: string;
  purpose: string;
  /** JSON array of field names */
  fields: string;
  granted_by: string;
  granted_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface BackupReportsTable {
  id: string;
  /** 'job' or 'restore_test' */
  kind: string;
  /** 'dataset' or 'asset' */
  target_kind: string;
  target_id: string;
  department_id: string;
  status: string;
  started_at: string | null;
  finished_at: string;
  size_bytes: number | null;
  duration_seconds: number | null;
  reported_by: string;
  reported_at: string;
}

export interface ResponseApprovalsTable {
  id: string;
  /** ResponseAction (core stance policy) */
  action: string;
  asset_id: string;
  department_id: string;
  /** The asset status the action sets */
  target_status: string;
  reason: string;
  stance_level: number;
  /** ImpactAnswer as JSON: the cascade the requester saw */
  impact: string;
  requested_by: string;
  requested_by_id: string;
  requested_at: string;
  /** pending | approved | denied | expired */
  state: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** An anonymisation job run by the server; the input CSV is not kept. */
export interface AnonymizationJobsTable {
  id: string;
  name: string;
  dataset_id: string | null;
  /** The dataset's department; null for a job without a dataset (city-wide roles only). */
  department_id: string | null;
  requested_by: string;
  requested_by_id: string;
  created_at: string;
  duration_ms: number;
  /** succeeded | refused | failed */
  status: string;
  rows_in: number;
  /** AnonymizationSummary (core) as JSON */
  summary: string;
  /** The spec as YAML text, as sent */
  spec: string;
  /** AnonymizationReport (core) as JSON; null when the run failed before producing one */
  report: string | null;
  /** The anonymised CSV; null unless the job succeeded */
  output: string | null;
}
