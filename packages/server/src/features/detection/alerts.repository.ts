import { type AlertListRequest, type DepartmentScope } from '@citysoc/core';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { AlertsTable } from '../../platform/db/schema.ts';
import { alertLabels, type AlertLabels, labelPattern } from './alert-labels.ts';

export type AlertRow = Selectable<AlertsTable>;

/** The label columns migration 0007 added to `alerts` (see alert-labels.ts), typed here beside their only writer. */
type LabelledAlerts = {
  alerts: AlertsTable & { [K in keyof AlertLabels]: AlertLabels[K] | null };
};
const labelled = (db: Queryable) => db.withTables<LabelledAlerts>();

const DETECTED_COLUMNS = [
  'seq',
  'id',
  'ts',
  'source',
  'department_id',
  'host_name',
  'source_ip',
  'destination_ip',
  'user_name',
  'document',
  'original',
  'raw',
] as const;

/** The stored events of these ids in commit order, as detection reads them (the cluster's stream consumer). */
export async function readEventsByKeys(db: Queryable, keys: readonly { id: string; ts: string }[]) {
  if (keys.length === 0) return [];
  const times = keys.map((key) => key.ts).sort();
  // The time span lets PostgreSQL search only the partitions of the batch's days.
  const rows = await db
    .selectFrom('events')
    .select(DETECTED_COLUMNS)
    .where(
      'id',
      'in',
      keys.map((key) => key.id),
    )
    .where('ts', '>=', times[0]!)
    .where('ts', '<=', times.at(-1)!)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

/** Committed events after a checkpoint, oldest first: what a detection consumer reads next. */
export async function readEventsAfter(db: Queryable, seq: number, limit: number) {
  const rows = await db
    .selectFrom('events')
    .select(DETECTED_COLUMNS)
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

/** Inserts alerts, skipping any (rule, event) pair already alerted: replays are harmless. */
export async function insertAlerts(db: Queryable, rows: readonly Insertable<AlertsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await labelled(db)
    .insertInto('alerts')
    .values(rows.map((row) => ({ ...row, ...alertLabels(row.document) })))
    .onConflict((oc) => oc.columns(['rule_id', 'event_id']).doNothing())
    .execute();
}

export async function readCheckpoint(db: Queryable, consumer: string): Promise<number> {
  const row = await db
    .selectFrom('detection_checkpoints')
    .select('seq')
    .where('consumer', '=', consumer)
    .executeTakeFirst();
  return row ? Number(row.seq) : 0;
}

export async function writeCheckpoint(db: Queryable, consumer: string, seq: number, at: string): Promise<void> {
  await db
    .insertInto('detection_checkpoints')
    .values({ consumer, seq, updated_at: at })
    .onConflict((oc) => oc.column('consumer').doUpdateSet({ seq, updated_at: at }))
    .execute();
}

export async function listAlerts(db: Queryable, scope: DepartmentScope, filter: AlertListRequest): Promise<AlertRow[]> {
  let query = labelled(db)
    .selectFrom('alerts')
    .select([
      'id',
      'rule_id',
      'event_id',
      'ts',
      'created_at',
      'level',
      'title',
      'department_id',
      'status',
      'status_changed_at',
      'status_changed_by',
      'document',
    ])
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.level !== undefined) query = query.where('level', '=', filter.level);
  if (filter.rule !== undefined) query = query.where('rule_id', '=', filter.rule);
  if (filter.department !== undefined) query = query.where('department_id', '=', filter.department);
  if (filter.before !== undefined) query = query.where('id', '<', filter.before);
  // Explicit escape character: SQLite's like has none by default, and `_` may occur in a service id.
  if (filter.service !== undefined)
    query = query.where(sql<boolean>`service_ids like ${labelPattern(filter.service)} escape '\\'`);
  if (filter.tactic !== undefined)
    query = query.where(sql<boolean>`tactics like ${labelPattern(filter.tactic)} escape '\\'`);
  return query.execute();
}

export async function findAlert(db: Queryable, scope: DepartmentScope, id: string): Promise<AlertRow | undefined> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
}

/** One stored event by id within a department scope, with what detection reads of it; undefined when absent. */
export async function findEventForDetection(db: Queryable, scope: DepartmentScope, id: string) {
  return db
    .selectFrom('events')
    .select(['id', 'document', 'original', 'raw'])
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
}

export async function setAlertStatus(db: Queryable, id: string, status: string, at: string, by: string): Promise<void> {
  await db
    .updateTable('alerts')
    .set({ status, status_changed_at: at, status_changed_by: by })
    .where('id', '=', id)
    .execute();
}

export async function countAlertsByStatus(db: Queryable, scope: DepartmentScope): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('alerts')
    .select(['status', sql<number>`count(*)`.as('n')])
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** The newest commit sequence number in the event store (0 when empty). */
export async function latestEventSeq(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Events in a time range within a department scope, in commit order, for testing rules over history. */
export async function scanEvents(
  db: Queryable,
  filter: { scope: DepartmentScope; from: string; to: string | undefined; afterSeq: number; limit: number },
) {
  let query = db
    .selectFrom('events')
    .select(['seq', 'id', 'ts', 'source', 'document', 'original', 'raw'])
    .where((eb) => inDepartmentScope(eb, 'department_id', filter.scope))
    .where('ts', '>=', filter.from)
    .where('seq', '>', filter.afterSeq)
    .orderBy('seq')
    .limit(filter.limit);
  if (filter.to !== undefined) query = query.where('ts', '<', filter.to);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}
