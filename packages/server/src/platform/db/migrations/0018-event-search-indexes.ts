import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.ts';

/**
 * Event search for department-scoped people at 10M events. The indexes of 0002 on (field, ts) make a search
 * by host, address, user, asset or source read the field's newest rows first, but each row's department had
 * to be read from the table: a water responder searching a host or user that mostly appears in another
 * department's events read hundreds of thousands of rows one by one (4.6 s on 10M events). With
 * `department_id` as the last column the scope is checked in the index itself (0.06 s), and the index still
 * serves (field), (field, ts range) and the newest-first order exactly as before. Each index keeps its name,
 * so nothing that refers to it changes, and the number of indexes an insert maintains stays the same.
 */
const INDEXES = [
  { name: 'events_host_name', column: 'host_name' },
  { name: 'events_source_ip', column: 'source_ip' },
  { name: 'events_destination_ip', column: 'destination_ip' },
  { name: 'events_user_name', column: 'user_name' },
  { name: 'events_asset_id', column: 'asset_id' },
  { name: 'events_source_ts', column: 'source' },
] as const;

/**
 * SQLite plans without statistics unless ANALYZE has run, and then believes every equality on an index
 * matches about ten rows: `department_id = ? AND host_name = ? ORDER BY ts DESC` ties between the department
 * index and the host index, and it took the department one, scanning all of that department's events for one
 * address (11 s warm, 190 s cold on 10M events). These fixed figures (relative sizes, not counts: departments are
 * large, a host, address or user is small) make the choice the same on every installation; a later ANALYZE
 * replaces them with measured ones, which agree. `ANALYZE sqlite_schema` creates the statistics table without
 * reading any user table, and makes the planner load the figures. PostgreSQL keeps its own statistics.
 */
const SQLITE_EVENT_STATISTICS: readonly [index: string | null, stat: string][] = [
  [null, '1000000'],
  ['sqlite_autoindex_events_1', '1000000 1'],
  ['events_ts', '1000000 1'],
  ['events_department_ts', '1000000 100000 1'],
  ['events_source_ts', '1000000 50000 1 1'],
  ['events_host_name', '1000000 100 1 1'],
  ['events_source_ip', '1000000 20 1 1'],
  ['events_destination_ip', '1000000 100 1 1'],
  ['events_user_name', '1000000 100 1 1'],
  ['events_asset_id', '1000000 100 1 1'],
];

async function pinSqliteStatistics(db: Kysely<unknown>): Promise<void> {
  await sql`analyze sqlite_schema`.execute(db);
  await sql`delete from sqlite_stat1 where tbl = 'events'`.execute(db);
  for (const [index, stat] of SQLITE_EVENT_STATISTICS) {
    await sql`insert into sqlite_stat1 (tbl, idx, stat) values ('events', ${index}, ${stat})`.execute(db);
  }
  await sql`analyze sqlite_schema`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { name, column } of INDEXES) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on('events').columns([column, 'ts', 'department_id']).execute();
  }
  if (!isPostgres(db)) await pinSqliteStatistics(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) await sql`delete from sqlite_stat1 where tbl = 'events'`.execute(db);
  for (const { name, column } of INDEXES) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on('events').columns([column, 'ts']).execute();
  }
}
