import type { Kysely, Transaction } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';

/**
 * The tables this feature reads or writes. `incident_lessons` (migration 0016) is its own. The incident
 * columns are the few the metrics read from migration 0008's tables, which the incidents feature owns and
 * writes; they are typed here, read-only, because that feature exports its services rather than its tables,
 * and the metrics need one aggregate query over a date range that no service answers.
 */
// A type alias, not an interface: `withTables` needs a record type, which an interface is not.
export type IncidentReportTables = {
  incident_lessons: IncidentLessonsTable;
  incidents: IncidentMetricColumns;
  incident_alerts: { incident_id: string; alert_ts: string };
};

export interface IncidentLessonsTable {
  incident_id: string;
  text: string;
  updated_at: string;
  updated_by: string;
}

export interface IncidentMetricColumns {
  id: string;
  number: number;
  title: string;
  severity: string;
  status: string;
  department_id: string | null;
  team_id: string | null;
  service_criticality: string;
  sla_factor: number;
  /** JSON arrays */
  service_ids: string;
  techniques: string;
  status_history: string;
  resolution_kind: string | null;
  created_at: string;
  closed_at: string | null;
  /** The personal-data breach clock (migration 0013): when it started, and when the authority was notified. */
  breach_started_at: string | null;
  breach_notified_at: string | null;
}

export type ReportsQueryable = Kysely<Database & IncidentReportTables> | Transaction<Database & IncidentReportTables>;

export function reportsDb(db: Queryable): ReportsQueryable {
  return db.withTables<IncidentReportTables>();
}
