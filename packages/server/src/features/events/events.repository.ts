import type { DepartmentScope } from '@citysoc/core';
import { type Insertable, type RawBuilder, type Selectable, sql, type SqlBool } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { EventsTable } from '../../platform/db/schema.ts';

export type EventRow = Insertable<EventsTable>;
export type StoredEventRow = Selectable<EventsTable>;

/**
 * Rows per INSERT statement: 14 bound values per row stays under SQLite's 32,766-parameter limit and keeps
 * PostgreSQL statements small enough to plan quickly.
 */
const ROWS_PER_STATEMENT = 500;

/** Appends events in one round trip per chunk; the caller owns the transaction (the writer's group commit). */
export async function insertEvents(db: Queryable, rows: readonly EventRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await db
      .insertInto('events')
      .values(rows.slice(start, start + ROWS_PER_STATEMENT))
      .execute();
  }
}

export interface EventFilter {
  scope: DepartmentScope;
  condition: RawBuilder<SqlBool>;
  from?: string;
  to?: string;
}

function filtered(db: Queryable, filter: EventFilter) {
  let query = db
    .selectFrom('events')
    .where((eb) => inDepartmentScope(eb, 'department_id', filter.scope))
    .where(filter.condition);
  if (filter.from !== undefined) query = query.where('ts', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('ts', '<', filter.to);
  return query;
}

/** Newest first by event time, then commit order; `before` continues after the last row of a page. */
export async function searchEvents(
  db: Queryable,
  filter: EventFilter & { limit: number; before?: { ts: string; seq: number } },
): Promise<StoredEventRow[]> {
  let query = filtered(db, filter).selectAll();
  const before = filter.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('ts', '<', before.ts), eb.and([eb('ts', '=', before.ts), eb('seq', '<', before.seq)])]),
    );
  }
  const rows = await query.orderBy('ts', 'desc').orderBy('seq', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

/**
 * Counts per time bucket. Timestamps are ISO-8601 text, so a bucket is a prefix of it (16 characters: the
 * minute, 13: the hour, 10: the day) — the same expression on both engines.
 */
export async function countEventsByPrefix(
  db: Queryable,
  filter: EventFilter,
  prefixLength: 10 | 13 | 16,
): Promise<{ bucket: string; count: number }[]> {
  const bucket = sql<string>`substr(ts, 1, ${sql.lit(prefixLength)})`;
  const rows = await filtered(db, filter)
    .select([bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(bucket)
    .orderBy(bucket)
    .execute();
  return rows.map((row) => ({ bucket: row.bucket, count: Number(row.count) }));
}

export async function countEvents(db: Queryable, scope: DepartmentScope): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes at most `limit` events of a source older than `before`; small batches keep ingest unblocked. */
export async function deleteEventsBefore(
  db: Queryable,
  source: string | null,
  before: string,
  limit: number,
): Promise<number> {
  let victims = db.selectFrom('events').select('seq').where('ts', '<', before).limit(limit);
  if (source !== null) victims = victims.where('source', '=', source);
  const result = await db.deleteFrom('events').where('seq', 'in', victims).executeTakeFirst();
  return Number(result.numDeletedRows);
}
