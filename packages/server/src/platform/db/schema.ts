import type { Generated } from 'kysely';

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

export interface IntelSourcesTable {
  id: string;
  kind: string;
  description: string;
  default_confidence: number | null;
  created_at: string;
  updated_at: string;
}

export interface IntelObjectsTable {
  added_seq: Generated<number>;
  id: string;
  type: string;
  spec_version: string;
  source_id: string;
  modified: string | null;
  added_at: string;
  /** The STIX object as JSON, exactly as imported. */
  document: string;
}

export interface IndicatorsTable {
  id: string;
  source_id: string;
  name: string | null;
  pattern: string;
  pattern_type: string;
  /** Why the pattern cannot match single events; null when it can. */
  not_matchable: string | null;
  confidence: number;
  tlp: string | null;
  /** JSON array of labels and tags */
  labels: string;
  valid_from: string;
  valid_until: string | null;
  /** The warninglist that marks the value as known-benign, if any. */
  suppressed_by: string | null;
  revoked_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SightingsTable {
  id: string;
  indicator_id: string;
  value: string;
  department_id: string | null;
  first_seen: string;
  last_seen: string;
  count: number | string;
  last_event_id: string;
}

export interface VulnerabilitiesTable {
  cve: string;
  published: string | null;
  cvss: number | null;
  kev_added: string | null;
  kev_due: string | null;
  epss: number | null;
  /** The merged vulnerability record as JSON. */
  document: string;
  updated_at: string;
}

export interface VulnFindingsTable {
  id: string;
  asset_id: string;
  cve: string;
  department_id: string;
  status: string;
  priority: string;
  score: number;
  ssvc: string;
  due: string | null;
  reason: string;
  first_seen: string;
  last_seen: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  accepted_until: string | null;
  /** The VulnFinding as JSON */
  document: string;
}

export interface StanceChangesTable {
  seq: Generated<number>;
  /** '*' for the city, else a department id */
  scope: string;
  level: number;
  computed_level: number;
  /** JSON array of reasons */
  reasons: string;
  override_by: string | null;
  override_until: string | null;
  at: string;
}

export interface TaxiiFeedsTable {
  name: string;
  /** e.g. https://peer.example/taxii2/city/ */
  api_root: string;
  collection_id: string;
  token: string | null;
  interval_minutes: number;
  confidence: number | null;
  /** The newest X-TAXII-Date-Added-Last seen: the next poll asks for objects added after it. */
  added_after: string | null;
  last_polled_at: string | null;
  last_error: string | null;
  created_at: string;
}

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
