import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** Either the database handle or an open transaction: repositories accept both. */
export type Queryable = Kysely<Database> | Transaction<Database>;

/** The state store: one Kysely handle whatever the engine, plus what the rest of the product needs to know. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: StoreKind;
  /**
   * The raw SQLite handle, for the one hot path that bypasses Kysely (appending events, see
   * `appendEvents`); null on PostgreSQL. Use it only inside `db.connection().execute(...)`, which holds
   * Kysely's lock on the single connection so no other statement can interleave.
   */
  readonly sqlite: SQLite.Database | null;
  /** Human-readable location without credentials, for logs and health. */
  readonly location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  databaseUrl: string;
  dataDir: string;
  /**
   * Called when the server drops an idle pooled connection (restart, failover, admin termination). The pool
   * replaces the connection on next use; without a listener Node would treat the event as fatal.
   */
  onConnectionError?: (error: Error) => void;
}

export function createStore(options: StoreOptions): Store {
  if (options.databaseUrl.startsWith('postgres://') || options.databaseUrl.startsWith('postgresql://')) {
    return createPostgresStore(options.databaseUrl, options.onConnectionError ?? (() => undefined));
  }
  if (options.databaseUrl !== '') {
    throw new Error(`Unsupported database URL scheme in CITYSOC_DATABASE_URL (expected postgres://)`);
  }
  return createSqliteStore(path.join(options.dataDir, 'citysoc.db'));
}

function createSqliteStore(file: string): Store {
  mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  // WAL lets readers (API) run while the writer commits; busy_timeout makes a second process (the CLI
  // beside a running server) wait for the write lock instead of failing at once.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, kind: 'sqlite', sqlite: database, location: file, close: () => db.destroy() };
}

function createPostgresStore(url: string, onConnectionError: (error: Error) => void): Store {
  // int8 (bigint, count(*)) arrives as a string by default; our values stay far below 2^53.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  pool.on('error', onConnectionError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  const location = `postgres://${parsed.host}${parsed.pathname}`;
  return { db, kind: 'postgres', sqlite: null, location, close: () => db.destroy() };
}

/** Round-trip time of a trivial query, for health checks. */
export async function pingStore(store: Store): Promise<number> {
  const started = performance.now();
  await sql`select 1`.execute(store.db);
  return performance.now() - started;
}
