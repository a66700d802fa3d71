import type { Generated, Kysely, Transaction } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';

/**
 * The tables of migrations 0008, 0013 and 0017, typed here rather than in the shared `schema.ts`: only this feature's
 * repositories touch them, and `withTables` gives those repositories one handle that knows both sets.
 */
// A type alias, not an interface: `withTables` needs a record type, which an interface is not.
export type IncidentTables = {
  incidents: IncidentsTable;
  incident_alerts: IncidentAlertsTable;
  incident_entities: IncidentEntitiesTable;
  incident_tasks: IncidentTasksTable;
  incident_comments: IncidentCommentsTable;
  incident_observables: IncidentObservablesTable;
  incident_timeline: IncidentTimelineTable;
  incident_checkpoints: IncidentCheckpointsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  team_rotation: TeamRotationTable;
  incident_evidence: IncidentEvidenceTable;
  incident_evidence_chunks: IncidentEvidenceChunksTable;
  incident_sla_breaches: IncidentSlaBreachesTable;
  incident_shares: IncidentSharesTable;
};

export interface IncidentsTable {
  id: string;
  number: number;
  title: string;
  description: string;
  severity: string;
  priority: string;
  status: string;
  department_id: string | null;
  assignee_id: string | null;
  team_id: string | null;
  service_criticality: string;
  sla_factor: number;
  /** JSON arrays of ids */
  asset_ids: string;
  service_ids: string;
  techniques: string;
  /** JSON array of {at, to}, oldest first */
  status_history: string;
  resolution_kind: string | null;
  resolution_summary: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  closed_at: string | null;
  /** Template type the incident was opened with. */
  type: string | null;
  /** JSON array of {id, name, classification}: the personal datasets touched; null until any is. */
  breach_datasets: string | null;
  breach_started_at: string | null;
  breach_notified_at: string | null;
  breach_notified_by: string | null;
  breach_authority: string | null;
  breach_reference: string | null;
}

export interface IncidentAlertsTable {
  alert_id: string;
  incident_id: string;
  title: string;
  level: string | null;
  rule_id: string;
  alert_ts: string;
  department_id: string | null;
  linked_at: string;
  linked_by: string;
  reason: string;
}

export interface IncidentEntitiesTable {
  incident_id: string;
  kind: string;
  value: string;
  last_seen: string;
}

export interface IncidentTasksTable {
  id: string;
  incident_id: string;
  title: string;
  description: string;
  status: string;
  assignee_id: string | null;
  due: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface IncidentCommentsTable {
  id: string;
  incident_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: string;
}

export interface IncidentObservablesTable {
  id: string;
  incident_id: string;
  type: string;
  value: string;
  tlp: string;
  pap: string;
  blocklisted_at: string | null;
  description: string;
  created_at: string;
  created_by: string;
}

export interface IncidentTimelineTable {
  seq: Generated<number>;
  incident_id: string;
  at: string;
  actor: string;
  kind: string;
  text: string;
  /** JSON object */
  data: string;
}

export interface IncidentCheckpointsTable {
  consumer: string;
  alert_id: string;
  updated_at: string;
}

export interface TeamsTable {
  id: string;
  name: string;
  description: string;
  department_id: string | null;
  on_call_user_id: string | null;
  created_at: string;
  updated_at: string;
  lead_user_id: string | null;
  rotation_starts_at: string | null;
  rotation_shift_hours: number | null;
}

export interface TeamRotationTable {
  team_id: string;
  position: number;
  user_id: string;
}

export interface IncidentEvidenceTable {
  id: string;
  incident_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  chunks: number;
  uploaded_by: string;
  uploaded_at: string;
}

export interface IncidentEvidenceChunksTable {
  evidence_id: string;
  chunk: number;
  data: Uint8Array;
}

export interface IncidentSlaBreachesTable {
  incident_id: string;
  target: string;
  recorded_at: string;
  notified_at: string | null;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export type IncidentsDatabase = Database & IncidentTables;
export type IncidentsQueryable = Kysely<IncidentsDatabase> | Transaction<IncidentsDatabase>;

/** The store's handle (or transaction) seen with the incident tables too. */
export function incidentsDb(db: Queryable): IncidentsQueryable {
  return db.withTables<IncidentTables>();
}

export interface IncidentSharesTable {
  incident_id: string;
  department_id: string;
  reason: string;
  shared_by: string;
  shared_at: string;
}
