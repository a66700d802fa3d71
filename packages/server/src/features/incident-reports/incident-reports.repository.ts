import {
  Criticality,
  type DepartmentScope,
  IncidentSeverity,
  type ReportIncident,
  ResolutionKind,
  StatusChange,
} from '@citysoc/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import { type IncidentLessonsTable, reportsDb } from './incident-report-tables.ts';

export type LessonsRow = Selectable<IncidentLessonsTable>;

const Ids = z.array(z.string());
const History = z.array(StatusChange);

/** Which incidents a report reads, by opening time and by when they were last closed. */
export interface IncidentWindow {
  /** Opened before this instant. */
  createdBefore: string;
  /** And opened at or after this instant … */
  createdFrom?: string;
  /** … or (with `createdFrom`) not closed before this instant: still open, or closed at or after it. */
  openAt?: string;
}

/**
 * The incidents of the window within the scope, each with the earliest event time of its linked alerts (its
 * first evidence), in the shape the metrics read. The alert times come from the case's own copies, so alert
 * retention does not change a past month's numbers.
 */
export async function reportIncidents(
  db: Queryable,
  scope: DepartmentScope,
  window: IncidentWindow,
): Promise<ReportIncident[]> {
  const q = reportsDb(db);
  let query = q
    .selectFrom('incidents as i')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('incident_alerts')
          .select((inner) => ['incident_id', inner.fn.min('alert_ts').as('first_evidence')])
          .groupBy('incident_id')
          .as('ev'),
      (join) => join.onRef('ev.incident_id', '=', 'i.id'),
    )
    .select([
      'i.id',
      'i.number',
      'i.title',
      'i.severity',
      'i.department_id',
      'i.team_id',
      'i.service_criticality',
      'i.sla_factor',
      'i.service_ids',
      'i.techniques',
      'i.status_history',
      'i.resolution_kind',
      'i.created_at',
      'i.breach_started_at',
      'i.breach_notified_at',
      'ev.first_evidence',
    ])
    .where((eb) => inDepartmentScope(eb, 'i.department_id', scope))
    .where('i.created_at', '<', window.createdBefore);
  const { createdFrom, openAt } = window;
  if (createdFrom !== undefined) {
    query = query.where((eb) =>
      openAt === undefined
        ? eb('i.created_at', '>=', createdFrom)
        : eb.or([
            eb('i.created_at', '>=', createdFrom),
            eb('i.closed_at', 'is', null),
            eb('i.closed_at', '>=', openAt),
          ]),
    );
  }
  const rows = await query.orderBy('i.created_at').execute();
  return rows.map((row) => ({
    id: row.id,
    ref: `INC-${row.number}`,
    title: row.title,
    severity: IncidentSeverity.parse(row.severity),
    departmentId: row.department_id,
    teamId: row.team_id,
    createdAt: row.created_at,
    statusHistory: History.parse(JSON.parse(row.status_history)),
    resolutionKind: row.resolution_kind === null ? null : ResolutionKind.parse(row.resolution_kind),
    serviceCriticality: Criticality.parse(row.service_criticality),
    slaFactor: Number(row.sla_factor),
    firstEvidenceAt: row.first_evidence ?? null,
    serviceIds: Ids.parse(JSON.parse(row.service_ids)),
    techniques: Ids.parse(JSON.parse(row.techniques)),
    breachStartedAt: row.breach_started_at,
    breachNotifiedAt: row.breach_notified_at,
  }));
}

/** The earliest event time among the incident's linked alerts, or null when none is linked. */
export async function firstEvidenceOf(db: Queryable, incidentId: string): Promise<string | null> {
  const row = await reportsDb(db)
    .selectFrom('incident_alerts')
    .select((eb) => eb.fn.min('alert_ts').as('first'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  return row?.first ?? null;
}

export async function findLessons(db: Queryable, incidentId: string): Promise<LessonsRow | undefined> {
  return reportsDb(db)
    .selectFrom('incident_lessons')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
}

export async function upsertLessons(db: Queryable, row: LessonsRow): Promise<void> {
  await reportsDb(db)
    .insertInto('incident_lessons')
    .values(row)
    .onConflict((oc) =>
      oc.column('incident_id').doUpdateSet({ text: row.text, updated_at: row.updated_at, updated_by: row.updated_by }),
    )
    .execute();
}

/** The incident's id, number and department when it is within the scope. */
export async function visibleIncidentRef(db: Queryable, scope: DepartmentScope, id: string) {
  return reportsDb(db)
    .selectFrom('incidents')
    .select(['id', 'number', 'department_id'])
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
}
