import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, PostgresAdapter } from 'kysely';

/**
 * The one place where a migration must differ by engine: an auto-incrementing integer key. SQLite's
 * `integer primary key` is the rowid itself (the fastest insert path it has); PostgreSQL needs an identity
 * column, and Kysely's `autoIncrement()` has no PostgreSQL translation.
 */
export function addSequenceKey<T extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<T, never>,
  column: string,
): CreateTableBuilder<T, never> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return table.addColumn(column, isPostgres ? 'bigint' : 'integer', (c: ColumnDefinitionBuilder) =>
    isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
  );
}

/** True when the migration runs on PostgreSQL: for the few steps that exist on one engine only. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
