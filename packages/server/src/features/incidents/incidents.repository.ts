import type { DepartmentScope, IncidentListRequest } from '@citysoc/core';
import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Selectable,
  sql,
  type SqlBool,
  type Updateable,
} from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import {
  incidentsDb,
  type IncidentTables,
  type IncidentAlertsTable,
  type IncidentsTable,
  type IncidentTimelineTable,
} from './incident-tables.ts';

export type IncidentRow = Selectable<IncidentsTable>;
export type AlertLinkRow = Selectable<IncidentAlertsTable>;
export type TimelineRow = Selectable<IncidentTimelineTable>;

/**
 * Incidents a scope may see: those of its departments and those shared with one of them (incident_shares).
 * Every read of an incident for a person goes through here, so a share opens the case, its evidence, playbook
 * runs and report alike, and removing the share closes them again.
 */
function visibleIn(
  eb: ExpressionBuilder<Database & IncidentTables, 'incidents'>,
  scope: DepartmentScope,
): Expression<SqlBool> {
  const own = inDepartmentScope(eb, 'incidents.department_id', scope);
  if (scope.all || scope.ids.length === 0) return own;
  const shared = eb
    .selectFrom('incident_shares')
    .select('incident_shares.incident_id')
    .where('incident_shares.department_id', 'in', [...scope.ids]);
  return eb.or([own, eb('incidents.id', 'in', shared)]);
}

/** The next `INC-<n>` number. Called inside an audited transaction, whose head lock makes max+1 safe. */
export async function nextIncidentNumber(db: Queryable): Promise<number> {
  const row = await incidentsDb(db)
    .selectFrom('incidents')
    .select((eb) => eb.fn.max('number').as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export async function insertIncident(db: Queryable, row: Insertable<IncidentsTable>): Promise<void> {
  await incidentsDb(db).insertInto('incidents').values(row).execute();
}

export async function updateIncident(db: Queryable, id: string, changes: Updateable<IncidentsTable>): Promise<void> {
  await incidentsDb(db).updateTable('incidents').set(changes).where('id', '=', id).execute();
}

export async function findIncident(
  db: Queryable,
  scope: DepartmentScope,
  id: string,
): Promise<IncidentRow | undefined> {
  return incidentsDb(db)
    .selectFrom('incidents')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => visibleIn(eb, scope))
    .executeTakeFirst();
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listIncidents(
  db: Queryable,
  scope: DepartmentScope,
  filter: IncidentListRequest,
): Promise<IncidentRow[]> {
  let query = incidentsDb(db)
    .selectFrom('incidents')
    .selectAll()
    .where((eb) => visibleIn(eb, scope));
  if (filter.status === 'open') query = query.where('status', '<>', 'closed');
  else if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.severity !== undefined) query = query.where('severity', '=', filter.severity);
  if (filter.department !== undefined) query = query.where('department_id', '=', filter.department);
  if (filter.assignee !== undefined) query = query.where('assignee_id', '=', filter.assignee);
  if (filter.team !== undefined) query = query.where('team_id', '=', filter.team);
  const q = filter.q;
  if (q !== undefined && q !== '') {
    const ref = /^INC-(\d{1,9})$/i.exec(q);
    if (ref) query = query.where('number', '=', Number(ref[1]));
    else {
      const pattern = likePattern(q);
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`lower(${eb.ref('title')}) like ${pattern} escape '\\'`,
          sql<boolean>`lower(${eb.ref('description')}) like ${pattern} escape '\\'`,
        ]),
      );
    }
  }
  return query
    .orderBy(sql`case when status = 'closed' then 1 else 0 end`)
    .orderBy('priority')
    .orderBy('number', 'desc')
    .limit(filter.limit)
    .execute();
}

export async function alertCounts(db: Queryable, incidentIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < incidentIds.length; i += 500) {
    const rows = await incidentsDb(db)
      .selectFrom('incident_alerts')
      .select(['incident_id', sql<number>`count(*)`.as('n')])
      .where('incident_id', 'in', incidentIds.slice(i, i + 500))
      .groupBy('incident_id')
      .execute();
    for (const row of rows) counts.set(row.incident_id, Number(row.n));
  }
  return counts;
}

/**
 * Open incidents by severity, for the security stance: a department's (`departmentId`), or the whole city's
 * (null: every incident, city-wide ones included).
 */
export async function openIncidentCounts(
  db: Queryable,
  departmentId: string | null,
): Promise<{ critical: number; high: number; medium: number; low: number }> {
  let query = incidentsDb(db)
    .selectFrom('incidents')
    .select(['severity', sql<number>`count(*)`.as('n')])
    // What the security stance weighs: attacks in progress. A case in post-incident review has been recovered.
    .where('status', 'not in', ['closed', 'post_incident']);
  if (departmentId !== null) query = query.where('department_id', '=', departmentId);
  const rows = await query.groupBy('severity').execute();
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const row of rows) {
    if (row.severity in counts) counts[row.severity as keyof typeof counts] = Number(row.n);
  }
  return counts;
}

export async function findAlertLink(db: Queryable, alertId: string): Promise<AlertLinkRow | undefined> {
  return incidentsDb(db).selectFrom('incident_alerts').selectAll().where('alert_id', '=', alertId).executeTakeFirst();
}

export async function insertAlertLink(db: Queryable, row: Insertable<IncidentAlertsTable>): Promise<void> {
  await incidentsDb(db).insertInto('incident_alerts').values(row).execute();
}

/** The incident's alerts, newest first; the case view shows the latest `limit`. */
export async function listAlertLinks(db: Queryable, incidentId: string, limit: number): Promise<AlertLinkRow[]> {
  return incidentsDb(db)
    .selectFrom('incident_alerts')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('alert_id', 'desc')
    .limit(limit)
    .execute();
}

/** Records entities of the incident's alerts, keeping the latest time each was seen. */
export async function upsertEntities(
  db: Queryable,
  incidentId: string,
  entities: readonly { kind: string; value: string; lastSeen: string }[],
): Promise<void> {
  const unique = new Map(entities.map((e) => [`${e.kind}\u0000${e.value}`, e]));
  for (const entity of unique.values()) {
    await incidentsDb(db)
      .insertInto('incident_entities')
      .values({ incident_id: incidentId, kind: entity.kind, value: entity.value, last_seen: entity.lastSeen })
      .onConflict((oc) =>
        oc.columns(['incident_id', 'kind', 'value']).doUpdateSet({
          last_seen: sql<string>`case when excluded.last_seen > incident_entities.last_seen
            then excluded.last_seen else incident_entities.last_seen end`,
        }),
      )
      .execute();
  }
}

/** Open incidents that share any of the entities, with the matching entities and when each was last seen. */
export async function openIncidentsSharing(db: Queryable, entities: readonly { kind: string; value: string }[]) {
  if (entities.length === 0) return [];
  return incidentsDb(db)
    .selectFrom('incident_entities as e')
    .innerJoin('incidents as i', 'i.id', 'e.incident_id')
    .select(['i.id', 'i.number', 'i.department_id', 'e.kind', 'e.value', 'e.last_seen'])
    .where('i.status', '<>', 'closed')
    .where((eb) => eb.or(entities.map((e) => eb.and([eb('e.kind', '=', e.kind), eb('e.value', '=', e.value)]))))
    .execute();
}

export async function appendTimeline(
  db: Queryable,
  entries: readonly Omit<Insertable<IncidentTimelineTable>, 'seq'>[],
): Promise<void> {
  if (entries.length === 0) return;
  await incidentsDb(db)
    .insertInto('incident_timeline')
    .values([...entries])
    .execute();
}

export async function listTimeline(db: Queryable, incidentId: string, limit: number): Promise<TimelineRow[]> {
  const rows = await incidentsDb(db)
    .selectFrom('incident_timeline')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

export async function readGroupingCheckpoint(db: Queryable, consumer: string): Promise<string> {
  const row = await incidentsDb(db)
    .selectFrom('incident_checkpoints')
    .select('alert_id')
    .where('consumer', '=', consumer)
    .executeTakeFirst();
  return row?.alert_id ?? '';
}

export async function writeGroupingCheckpoint(db: Queryable, consumer: string, alertId: string, at: string) {
  await incidentsDb(db)
    .insertInto('incident_checkpoints')
    .values({ consumer, alert_id: alertId, updated_at: at })
    .onConflict((oc) => oc.column('consumer').doUpdateSet({ alert_id: alertId, updated_at: at }))
    .execute();
}

/**
 * Ids of alerts raised after `afterId`, oldest first. Alert ids are time-ordered UUIDs written by the single
 * detection writer, so id order is commit order. Only the id is read here: the grouping then reads each alert
 * through the alerts service, so the alert document's format stays detection's own business.
 */
export async function alertIdsAfter(db: Queryable, afterId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('alerts')
    .select('id')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Observables operators marked for blocking, with their incident's number, for the blocklists. */
export async function blockedObservables(db: Queryable): Promise<{ type: string; value: string; number: number }[]> {
  return incidentsDb(db)
    .selectFrom('incident_observables as o')
    .innerJoin('incidents as i', 'i.id', 'o.incident_id')
    .select(['o.type', 'o.value', 'i.number'])
    .where('o.blocklisted_at', 'is not', null)
    .execute();
}

export type ShareRow = Selectable<IncidentTables['incident_shares']>;

export async function listShares(db: Queryable, incidentId: string): Promise<ShareRow[]> {
  return incidentsDb(db)
    .selectFrom('incident_shares')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('shared_at')
    .execute();
}

export async function insertShare(db: Queryable, row: ShareRow): Promise<void> {
  await incidentsDb(db).insertInto('incident_shares').values(row).execute();
}

/** Resolves with whether there was a share to remove. */
export async function deleteShare(db: Queryable, incidentId: string, departmentId: string): Promise<boolean> {
  const result = await incidentsDb(db)
    .deleteFrom('incident_shares')
    .where('incident_id', '=', incidentId)
    .where('department_id', '=', departmentId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
