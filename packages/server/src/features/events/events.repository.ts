import type { DepartmentScope } from '@citysoc/core';
import { type Insertable, type RawBuilder, type Selectable, sql, type SqlBool } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Queryable, Store } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { EventsTable } from '../../platform/db/schema.ts';

export type EventRow = Insertable<EventsTable>;
export type StoredEventRow = Selectable<EventsTable>;

/**
 * Rows per INSERT statement: 14 bound values per row stays under SQLite's 32,766-parameter limit and keeps
 * PostgreSQL statements small enough to plan quickly.
 */
const ROWS_PER_STATEMENT = 500;

const EVENT_COLUMNS = [
  'id',
  'ts',
  'ingested',
  'source',
  'department_id',
  'category',
  'host_name',
  'source_ip',
  'destination_ip',
  'user_name',
  'asset_id',
  'document',
  'original',
  'raw',
] as const satisfies readonly (keyof EventRow)[];

const sqliteInserts = new WeakMap<SQLite.Database, SQLite.Statement>();

/**
 * Appends events in one transaction: the ingest hot path. On SQLite this is the one place that bypasses
 * Kysely: one cached prepared single-row INSERT run in a loop is ~3× faster than compiling and preparing
 * a fresh multi-row statement per batch. It runs inside `connection().execute`, which holds Kysely's lock
 * on SQLite's single connection, so no other statement can interleave with the transaction. PostgreSQL
 * uses multi-row INSERTs through Kysely (COPY belongs to the cluster mode).
 */
export async function appendEvents(store: Store, rows: readonly EventRow[]): Promise<void> {
  const sqlite = store.sqlite;
  if (sqlite) {
    await store.db.connection().execute(() => {
      let insert = sqliteInserts.get(sqlite);
      if (!insert) {
        insert = sqlite.prepare(
          `insert into events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
        );
        sqliteInserts.set(sqlite, insert);
      }
      const statement = insert;
      sqlite.transaction(() => {
        for (const row of rows) statement.run(EVENT_COLUMNS.map((column) => row[column] ?? null));
      })();
      return Promise.resolve();
    });
    return;
  }
  await store.db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      await trx
        .insertInto('events')
        .values(rows.slice(start, start + ROWS_PER_STATEMENT))
        .execute();
    }
  });
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

/** The time of the oldest event the filter matches, or null when it matches none. */
export async function earliestEventTime(db: Queryable, filter: EventFilter): Promise<string | null> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.min<string>('ts').as('first'))
    .executeTakeFirst();
  return row?.first ?? null;
}

export async function countEvents(db: Queryable, scope: DepartmentScope): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Deletes at most `limit` events older than `before`, of one source or (source null) of every source not in
 * `exceptSources`. Small batches keep each write transaction short, so ingest is never blocked for long.
 */
export async function deleteEventsBefore(
  db: Queryable,
  target: { source: string | null; exceptSources: readonly string[] },
  before: string,
  limit: number,
): Promise<number> {
  let victims = db.selectFrom('events').select('seq').where('ts', '<', before).limit(limit);
  if (target.source !== null) victims = victims.where('source', '=', target.source);
  else if (target.exceptSources.length > 0) victims = victims.where('source', 'not in', [...target.exceptSources]);
  const result = await db.deleteFrom('events').where('seq', 'in', victims).executeTakeFirst();
  return Number(result.numDeletedRows);
}
