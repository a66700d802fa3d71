import { type Kysely, sql, type RawBuilder } from 'kysely';
import type { Queryable, StoreKind } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { CellValue } from './backup-format.ts';

/**
 * Generic table access for backup and restore. The rest of the product knows its tables by their Kysely types;
 * a backup must also cover tables added after it was written (and Kysely's own migration bookkeeping), so it
 * reads the catalogue of the live database instead. The catalogue queries are the one place the dialects differ.
 */
export interface TableShape {
  name: string;
  columns: string[];
  /** Primary-key columns in key order; empty when the table has none. */
  primaryKey: string[];
  /** Tables this one references by foreign key. */
  references: string[];
  /** Columns fed by a sequence (PostgreSQL identity or serial), whose sequence a restore must move past max. */
  sequenceColumns: string[];
}

type Row = Record<string, unknown>;

async function rows<T extends Row>(db: Queryable, query: RawBuilder<unknown>): Promise<T[]> {
  const result = await query.execute(db);
  return result.rows as T[];
}

/** Every table of the store's schema (SQLite's own `sqlite_*` tables and PostgreSQL's partitions aside), by name. */
export async function listTables(db: Queryable, kind: StoreKind): Promise<string[]> {
  const found =
    kind === 'sqlite'
      ? await rows<{ name: string }>(
          db,
          sql`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'
            order by name`,
        )
      : await rows<{ name: string }>(
          db,
          // A partitioned table (events, migration 0019) is one table here: its partitions are storage, and
          // reading them as tables would copy their rows twice.
          sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
            order by c.relname`,
        );
  return found.map((r) => r.name);
}

export async function describeTable(db: Queryable, kind: StoreKind, table: string): Promise<TableShape> {
  if (kind === 'sqlite') {
    const columns = await rows<{ name: string; pk: number }>(
      db,
      sql`select name, pk from pragma_table_info(${table}) order by cid`,
    );
    const references = await rows<{ table: string }>(db, sql`select "table" from pragma_foreign_key_list(${table})`);
    return {
      name: table,
      columns: columns.map((c) => c.name),
      primaryKey: columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      references: [...new Set(references.map((r) => r.table))],
      // SQLite's `integer primary key` continues from the largest rowid by itself: nothing to reset.
      sequenceColumns: [],
    };
  }
  const columns = await rows<{ name: string; identity: string; default: string | null }>(
    db,
    sql`select column_name as name, is_identity as identity, column_default as default
      from information_schema.columns where table_schema = current_schema() and table_name = ${table}
      order by ordinal_position`,
  );
  const primaryKey = await rows<{ name: string }>(
    db,
    sql`select a.attname as name from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = to_regclass(quote_ident(${table})) and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`,
  );
  const references = await rows<{ name: string }>(
    db,
    sql`select distinct r.relname as name from pg_constraint c join pg_class r on r.oid = c.confrelid
      where c.contype = 'f' and c.conrelid = to_regclass(quote_ident(${table}))`,
  );
  return {
    name: table,
    columns: columns.map((c) => c.name),
    primaryKey: primaryKey.map((c) => c.name),
    references: references.map((r) => r.name),
    sequenceColumns: columns
      .filter((c) => c.identity === 'YES' || (c.default ?? '').startsWith('nextval('))
      .map((c) => c.name),
  };
}

export async function countRows(db: Queryable, table: string): Promise<number> {
  const [row] = await rows<{ n: number | string }>(db, sql`select count(*) as n from ${sql.table(table)}`);
  return Number(row?.n ?? 0);
}

const list = (columns: readonly string[]) => sql.join(columns.map((c) => sql.ref(c)));

/**
 * One page of rows after `after` (the previous page's last key), in key order: keyset paging, so each page costs
 * the same however deep into the table it is. Rows come back as arrays in `columns` order. A table without a
 * primary key is paged by offset over all its columns (none of CitySOC's tables is such a table).
 */
export async function readPage(
  db: Queryable,
  shape: Pick<TableShape, 'name' | 'columns' | 'primaryKey'>,
  after: readonly unknown[] | null,
  offset: number,
  limit: number,
): Promise<unknown[][]> {
  const key = shape.primaryKey;
  const where =
    key.length === 0 || after === null
      ? sql``
      : key.length === 1
        ? sql`where ${sql.ref(key[0] as string)} > ${after[0]}`
        : sql`where (${list(key)}) > (${sql.join(after)})`;
  const order = key.length === 0 ? shape.columns : key;
  const skip = key.length === 0 ? sql`offset ${offset}` : sql``;
  const found = await rows<Row>(
    db,
    sql`select ${list(shape.columns)} from ${sql.table(shape.name)} ${where} order by ${list(order)}
      limit ${limit} ${skip}`,
  );
  return found.map((row) => shape.columns.map((c) => row[c]));
}

export async function deleteAllRows(db: Queryable, table: string): Promise<void> {
  await sql`delete from ${sql.table(table)}`.execute(db);
}

export async function insertRows(
  db: Queryable,
  table: string,
  columns: readonly string[],
  batch: readonly CellValue[][],
): Promise<void> {
  if (batch.length === 0) return;
  const values = sql.join(batch.map((row) => sql`(${sql.join(row)})`));
  await sql`insert into ${sql.table(table)} (${list(columns)}) values ${values}`.execute(db);
}

/** Moves each sequence past the largest restored value, so the next insert does not collide with a restored row. */
export async function resetSequences(db: Queryable, kind: StoreKind, shape: TableShape): Promise<void> {
  if (kind !== 'postgres') return;
  for (const column of shape.sequenceColumns) {
    await sql`select setval(pg_get_serial_sequence(${shape.name}, ${column}),
      coalesce((select max(${sql.ref(column)}) from ${sql.table(shape.name)}), 0) + 1, false)`.execute(db);
  }
}

/**
 * SQLite checks each foreign key as a row is written unless told to wait for the commit; restoring tables in
 * dependency order makes PostgreSQL (whose keys are not deferrable) happy, and this covers any cycle on SQLite.
 */
export async function deferForeignKeys(db: Queryable, kind: StoreKind): Promise<void> {
  if (kind === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(db);
}

/**
 * Opens the snapshot: a read-only transaction that sees one committed state for its whole length. On SQLite
 * in WAL mode a read transaction is a snapshot from its first read (the writer goes on appending to the WAL);
 * on PostgreSQL, REPEATABLE READ gives the same from the first statement.
 */
export async function inSnapshot<T>(
  db: Kysely<Database>,
  kind: StoreKind,
  work: (trx: Queryable) => Promise<T>,
): Promise<T> {
  if (kind === 'postgres') {
    return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
  }
  return db.transaction().execute(work);
}

/** Names of the migrations Kysely has recorded as applied, in the order it applies them. */
export async function listAppliedMigrations(db: Queryable): Promise<string[]> {
  const found = await rows<{ name: string }>(db, sql`select name from kysely_migration order by name`);
  return found.map((r) => r.name);
}

/**
 * Kysely's bookkeeping tables, as its Migrator creates them (kysely/dist/esm/migration/migrator.js), made inside
 * the restore's transaction so a failed restore leaves no trace. The restored rows then say which migrations ran.
 */
export async function createMigrationTables(db: Queryable): Promise<void> {
  await sql`create table if not exists kysely_migration (
    name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(db);
  await sql`create table if not exists kysely_migration_lock (
    id varchar(255) not null primary key, is_locked integer not null default 0)`.execute(db);
}
