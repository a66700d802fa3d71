import type { Generated, Kysely, Transaction } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';

/**
 * The tables of migration 0008, typed here rather than in the shared `schema.ts`: only this feature's
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
