import type { Generated } from 'kysely';
import type {
  IntelSourcesTable,
  IntelObjectsTable,
  IndicatorsTable,
  SightingsTable,
  VulnerabilitiesTable,
  VulnFindingsTable,
  StanceChangesTable,
  TaxiiFeedsTable,
} from './schema-intelligence.ts';
import type {
  PostureObservationsTable,
  PostureAttestationsTable,
  PostureResultsTable,
  PostureScoresTable,
  DatasetsTable,
  DatasetAccessRequestsTable,
  DatasetGrantsTable,
  BackupReportsTable,
  ResponseApprovalsTable,
  AnonymizationJobsTable,
} from './schema-governance.ts';
import type {
  NotificationsTable,
  NotificationPreferencesTable,
  NotificationChannelsTable,
  NotificationDeliveriesTable,
  NotificationWindowsTable,
  NotificationCheckpointsTable,
} from './schema-notifications.ts';
import type { PlaybookRunsTable, PlaybookRunStepsTable } from './schema-playbooks.ts';

/**
 * Table shapes as stored, shared by SQLite and PostgreSQL. Portable column types only: timestamps are ISO-8601
 * UTC text (sortable in both), booleans are nullable timestamps (`disabled_at`), JSON is text parsed with a
 * zod schema at the repository boundary.
 */
export interface Database {
  departments: DepartmentsTable;
  users: UsersTable;
  user_departments: UserDepartmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  events: EventsTable;
  ingest_rejections: IngestRejectionsTable;
  alerts: AlertsTable;
  detection_checkpoints: DetectionCheckpointsTable;
  services: ServicesTable;
  assets: AssetsTable;
  asset_candidates: AssetCandidatesTable;
  intel_sources: IntelSourcesTable;
  intel_objects: IntelObjectsTable;
  taxii_feeds: TaxiiFeedsTable;
  indicators: IndicatorsTable;
  sightings: SightingsTable;
  vulnerabilities: VulnerabilitiesTable;
  vuln_findings: VulnFindingsTable;
  stance_changes: StanceChangesTable;
  posture_observations: PostureObservationsTable;
  posture_attestations: PostureAttestationsTable;
  posture_results: PostureResultsTable;
  posture_scores: PostureScoresTable;
  response_approvals: ResponseApprovalsTable;
  datasets: DatasetsTable;
  dataset_access_requests: DatasetAccessRequestsTable;
  dataset_grants: DatasetGrantsTable;
  backup_reports: BackupReportsTable;
  anonymization_jobs: AnonymizationJobsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_channels: NotificationChannelsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_windows: NotificationWindowsTable;
  notification_checkpoints: NotificationCheckpointsTable;
  playbook_runs: PlaybookRunsTable;
  playbook_run_steps: PlaybookRunStepsTable;
}

export interface DepartmentsTable {
  id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
  last_login_at: string | null;
}

export interface UserDepartmentsTable {
  user_id: string;
  department_id: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  client_address: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scope: string;
  department_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  department_id: string | null;
  before_digest: string | null;
  after_digest: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** One row (id = 1) that every audited transaction locks first: it serialises appends to the chain. */
export interface AuditHeadTable {
  id: Generated<number>;
  seq: number;
  hash: string;
  updated_at: string;
}

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  ts: string;
  ingested: string;
  source: string;
  department_id: string | null;
  category: string | null;
  host_name: string | null;
  source_ip: string | null;
  destination_ip: string | null;
  user_name: string | null;
  asset_id: string | null;
  /** The normalised ECS document as JSON. */
  document: string;
  /** The original fields as JSON; null for plain text. For JSON input this is the received text itself. */
  original: string | null;
  /** The received text; null when it is the JSON stored in `original`. */
  raw: string | null;
}

/** Input that could not be accepted, kept (truncated) so operators can inspect what was refused and why. */
export interface IngestRejectionsTable {
  seq: Generated<number>;
  at: string;
  channel: string;
  source: string | null;
  department_id: string | null;
  reason: string;
  sample: string;
}

export interface AlertsTable {
  id: string;
  rule_id: string;
  event_id: string;
  ts: string;
  created_at: string;
  level: string | null;
  title: string;
  department_id: string | null;
  status: string;
  status_changed_at: string | null;
  status_changed_by: string | null;
  /** The alert's rule metadata and event summary, as JSON (core's Alert without the columns above). */
  document: string;
}

/** How far each detection consumer has read the events table (by seq). */
export interface DetectionCheckpointsTable {
  consumer: string;
  seq: number;
  updated_at: string;
}

export interface ServicesTable {
  id: string;
  name: string;
  department_id: string;
  criticality: string;
  /** ServiceDefinition as JSON */
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface AssetsTable {
  id: string;
  name: string;
  type: string;
  department_id: string;
  criticality: string;
  status: string;
  status_changed_at: string | null;
  /** AssetDefinition as JSON */
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface AssetCandidatesTable {
  id: string;
  kind: string;
  value: string;
  department_id: string | null;
  source: string;
  first_seen: string;
  last_seen: string;
  events: number | string;
  status: string;
  decided_at: string | null;
  decided_by: string | null;
  asset_id: string | null;
}

export type {
  IntelSourcesTable,
  IntelObjectsTable,
  IndicatorsTable,
  SightingsTable,
  VulnerabilitiesTable,
  VulnFindingsTable,
  StanceChangesTable,
  TaxiiFeedsTable,
} from './schema-intelligence.ts';
export type {
  PostureObservationsTable,
  PostureAttestationsTable,
  PostureResultsTable,
  PostureScoresTable,
  DatasetsTable,
  DatasetAccessRequestsTable,
  DatasetGrantsTable,
  BackupReportsTable,
  ResponseApprovalsTable,
  AnonymizationJobsTable,
} from './schema-governance.ts';
export type {
  NotificationsTable,
  NotificationPreferencesTable,
  NotificationChannelsTable,
  NotificationDeliveriesTable,
  NotificationWindowsTable,
  NotificationCheckpointsTable,
} from './schema-notifications.ts';
export type { PlaybookRunsTable, PlaybookRunStepsTable } from './schema-playbooks.ts';
