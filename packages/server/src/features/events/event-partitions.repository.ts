import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

/**
 * The day partitions of PostgreSQL's events table (migration 0019). Only this file knows their names and
 * bounds: `events_pYYYYMMDD` holds the events whose `ts` falls on that UTC day; `events_default` the rest.
 */
const DAY_PARTITION = /^events_p(\d{4})(\d{2})(\d{2})$/;

export function dayPartitionName(day: string): string {
  return `events_p${day.replaceAll('-', '')}`;
}

/** The days (YYYY-MM-DD) that have a partition, oldest first. */
export async function listDayPartitions(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'events'::regclass`.execute(db);
  return rows
    .map((row) => DAY_PARTITION.exec(row.name))
    .filter((match) => match !== null)
    .map(([, year, month, day]) => `${year}-${month}-${day}`)
    .sort();
}

/**
 * Creates the partition of one day. Events of that day already in the default partition (it catches whatever
 * has no day yet) are moved into the new table before it is attached, as PostgreSQL refuses a partition whose
 * rows the default still holds. The default is locked for the move, so no event of that day can slip in between;
 * only inserts routed to the default wait, and the lock timeout keeps that wait short (the next run retries).
 * ATTACH takes a weaker lock on the parent than CREATE … PARTITION OF, so ingest into other days never waits.
 */
export async function createDayPartition(db: Kysely<Database>, day: string, next: string): Promise<number> {
  const table = sql.id(dayPartitionName(day));
  return db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '5s'`.execute(trx);
    await sql`lock table events_default in access exclusive mode`.execute(trx);
    await sql`create table ${table} (like events including defaults)`.execute(trx);
    const moved = await sql`
      with moved as (delete from events_default where ts >= ${day} and ts < ${next} returning *)
      insert into ${table} select * from moved`.execute(trx);
    await sql`alter table events attach partition ${table} for values from (${sql.lit(day)}) to (${sql.lit(next)})`.execute(
      trx,
    );
    return Number(moved.numAffectedRows ?? 0);
  });
}

/**
 * Drops one day's partition: every event of that day goes at once, without the bloat of deleting rows. The short
 * lock timeout matters: the drop needs an exclusive lock on the events table, and waiting behind a long search
 * would queue every insert behind it; giving up lets the next run try again.
 */
export async function dropDayPartition(db: Kysely<Database>, day: string): Promise<number> {
  const table = sql.id(dayPartitionName(day));
  return db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '2s'`.execute(trx);
    const estimate = await sql<{ rows: number }>`
      select greatest(reltuples, 0)::bigint as rows from pg_class where oid = ${dayPartitionName(day)}::regclass`.execute(
      trx,
    );
    await sql`drop table ${table}`.execute(trx);
    return Number(estimate.rows[0]?.rows ?? 0);
  });
}
