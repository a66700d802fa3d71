import type { DepartmentScope } from '@citysoc/core';
import { type Insertable, type RawBuilder, type Selectable, sql, type SqlBool } from 'kysely';
import type SQLite from 'better-sqlite3';
import { type CopyIn, copyTextLine, type Queryable, type Store } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { EventsTable } from '../../platform/db/schema.ts';

export type EventRow = Insertable<EventsTable>;
export type StoredEventRow = Selectable<EventsTable>;

/** Rows per INSERT statement on SQLite: 14 bound values per row stays under its 32,766-parameter limit. */
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

const COPY_EVENTS = `copy events (${EVENT_COLUMNS.join(', ')}) from stdin`;

const sqliteInserts = new WeakMap<SQLite.Database, SQLite.Statement>();

/** An event's identity in the store: `ts` is part of it on PostgreSQL, whose events are partitioned by it. */
export interface EventKey {
  id: string;
  ts: string;
}

/**
 * Appends events in one transaction: the ingest hot path. On SQLite this is the one place that bypasses
 * Kysely: one cached prepared single-row INSERT run in a loop is ~3× faster than compiling and preparing
 * a fresh multi-row statement per batch. It runs inside `connection().execute`, which holds Kysely's lock
 * on SQLite's single connection, so no other statement can interleave with the transaction. PostgreSQL
 * takes the batch with COPY.
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
  await store.bulkTransaction((_trx, copy) => copyEvents(copy, rows));
}

async function copyEvents(copy: CopyIn | null, rows: readonly EventRow[]): Promise<void> {
  if (copy === null) throw new Error('COPY is only available on PostgreSQL');
  await copy(
    COPY_EVENTS,
    rows.map((row) => copyTextLine(EVENT_COLUMNS.map((column) => row[column]))),
  );
}

/**
 * Stores events that may have been stored before, each once, and returns the keys of those it stored: the event
 * stream delivers at least once (a node that dies after its commit but before its acknowledgement has its batch
 * delivered again). PostgreSQL: the keys already present are looked up within the batch's time span (so only the
 * partitions of those days are searched), then the rest is copied; a node storing the same event at the same
 * moment (partitions changing hands) makes the unique key fail the transaction, and the redelivery then finds
 * it stored. SQLite: INSERT … ON CONFLICT DO NOTHING.
 */
export async function storeEventsOnce(
  trx: Queryable,
  copy: CopyIn | null,
  batch: readonly EventRow[],
): Promise<EventKey[]> {
  const rows = [...new Map(batch.map((row) => [row.id, row])).values()];
  if (rows.length === 0) return [];
  if (copy === null) {
    const stored: EventKey[] = [];
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const inserted = await trx
        .insertInto('events')
        .values(rows.slice(start, start + ROWS_PER_STATEMENT))
        .onConflict((oc) => oc.column('id').doNothing())
        .returning(['id', 'ts'])
        .execute();
      stored.push(...inserted);
    }
    return stored;
  }
  const times = rows.map((row) => row.ts).sort();
  const present = await trx
    .selectFrom('events')
    .select('id')
    .where(
      'id',
      'in',
      rows.map((row) => row.id),
    )
    .where('ts', '>=', times[0]!)
    .where('ts', '<=', times.at(-1)!)
    .execute();
  const seen = new Set(present.map((row) => row.id));
  const fresh = rows.filter((row) => !seen.has(row.id));
  await copyEvents(copy, fresh);
  return fresh.map(({ id, ts }) => ({ id, ts }));
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

/** Newest first by event time, then commit order (a page after the first has its bound in the condition). */
export async function searchEvents(db: Queryable, filter: EventFilter & { limit: number }): Promise<StoredEventRow[]> {
  const rows = await filtered(db, filter)
    .selectAll()
    .orderBy('ts', 'desc')
    .orderBy('seq', 'desc')
    .limit(filter.limit)
    .execute();
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
