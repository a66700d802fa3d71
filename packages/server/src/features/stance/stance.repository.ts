import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { Selectable } from 'kysely';
import type { StanceChangesTable } from '../../platform/db/schema.ts';

export type StanceChangeRow = Selectable<StanceChangesTable>;

/** '*' is the city; anything else a department id. */
export type ScopeKey = string;

export async function latestChanges(db: Queryable): Promise<StanceChangeRow[]> {
  const latest = db
    .selectFrom('stance_changes')
    .select(['scope', (eb) => eb.fn.max('seq').as('seq')])
    .groupBy('scope')
    .as('latest');
  return db
    .selectFrom('stance_changes')
    .innerJoin(latest, (join) => join.onRef('latest.seq', '=', 'stance_changes.seq'))
    .selectAll('stance_changes')
    .execute();
}

export async function history(db: Queryable, scope: ScopeKey, limit: number): Promise<StanceChangeRow[]> {
  return db
    .selectFrom('stance_changes')
    .selectAll()
    .where('scope', '=', scope)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

export async function insertChange(db: Queryable, row: Omit<StanceChangeRow, 'seq'>): Promise<void> {
  await db.insertInto('stance_changes').values(row).execute();
}

/** Distinct indicators sighted since a time, and the highest confidence among them. */
export async function sightingsSince(db: Queryable, since: string, department: string | null) {
  let query = db
    .selectFrom('sightings')
    .innerJoin('indicators', 'indicators.id', 'sightings.indicator_id')
    .select((eb) => [
      eb.fn.count<number>('sightings.indicator_id').distinct().as('indicators'),
      eb.fn.max('indicators.confidence').as('confidence'),
    ])
    .where('sightings.last_seen', '>=', since);
  if (department !== null) query = query.where('sightings.department_id', '=', department);
  const row = await query.executeTakeFirstOrThrow();
  return { indicators: Number(row.indicators), maxConfidence: row.confidence === null ? null : Number(row.confidence) };
}

export async function criticalAlertsSince(db: Queryable, since: string, department: string | null): Promise<number> {
  let query = db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('level', '=', 'critical')
    .where('created_at', '>=', since);
  if (department !== null) query = query.where('department_id', '=', department);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Objects of some types added since a time, newest first (bounded). */
export async function recentObjects(db: Queryable, types: readonly string[], since: string, limit: number) {
  return db
    .selectFrom('intel_objects')
    .select(['id', 'type', 'document'])
    .where('type', 'in', [...types])
    .where('added_at', '>=', since)
    .orderBy(sql`added_seq`, 'desc')
    .limit(limit)
    .execute();
}

export async function objectsById(db: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('intel_objects')
    .select(['id', 'type', 'document'])
    .where('id', 'in', [...ids])
    .execute();
}
