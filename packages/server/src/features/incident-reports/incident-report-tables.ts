import type { Kysely, Transaction } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { IncidentAlertsTable, IncidentsTable } from '../incidents/index.ts';

/**
 * The tables this feature reads or writes: `incident_lessons` (migration 0016) is its own; the incident tables
 * belong to the incidents feature, which writes them, and are only read here, because the metrics need one
 * aggregate query over a date range that no service answers.
 */
// A type alias, not an interface: `withTables` needs a record type, which an interface is not.
export type IncidentReportTables = {
  incident_lessons: IncidentLessonsTable;
  incidents: IncidentsTable;
  incident_alerts: IncidentAlertsTable;
};

export interface IncidentLessonsTable {
  incident_id: string;
  text: string;
  updated_at: string;
  updated_by: string;
}

export type ReportsQueryable = Kysely<Database & IncidentReportTables> | Transaction<Database & IncidentReportTables>;

export function reportsDb(db: Queryable): ReportsQueryable {
  return db.withTables<IncidentReportTables>();
}
