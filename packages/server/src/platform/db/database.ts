import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './schema.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** Either the database handle or an open transaction: repositories accept both. */
export type Queryable = Kysely<Database> | Transaction<Database>;

/**
 * Streams rows into a `COPY … FROM STDIN` statement on the transaction's connection. `lines` are rows in COPY's
 * text format (`copyTextLine`), each ending without a newline.
 */
export type CopyIn = (statement: string, lines: readonly string[]) => Promise<void>;

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
  /**
   * A transaction that can also bulk-load with COPY (PostgreSQL; `copy` is null on SQLite): the event store's
   * write path, where COPY takes rows ~1.5× as fast as multi-row INSERTs. Use `db.transaction()` everywhere else.
   */
  bulkTransaction<T>(work: (trx: Transaction<Database>, copy: CopyIn | null) => Promise<T>): Promise<T>;
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
  return {
    db,
    kind: 'sqlite',
    sqlite: database,
    location: file,
    bulkTransaction: (work) => db.transaction().execute((trx) => work(trx, null)),
    close: () => db.destroy(),
  };
}

function createPostgresStore(url: string, onConnectionError: (error: Error) => void): Store {
  // int8 (bigint, count(*)) arrives as a string by default; our values stay far below 2^53.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  pool.on('error', onConnectionError);
  // The pool listens for errors only on its idle clients. A client Kysely holds inside a transaction, between two
  // statements, has no listener: a server restart or a terminated session would then be an uncaught exception
  // that ends the process. With this one, the transaction's next statement fails instead, and the pool drops the
  // broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  const location = `postgres://${parsed.host}${parsed.pathname}`;
  return {
    db,
    kind: 'postgres',
    sqlite: null,
    location,
    bulkTransaction: (work) => copyingTransaction(pool, work),
    close: () => db.destroy(),
  };
}

/**
 * Kysely has no COPY, and COPY must run on the connection that holds the transaction. So the transaction runs on
 * a Kysely handle bound to one pooled client, and COPY streams through that same client. Kysely releases the
 * client to the pool when the transaction ends, as it does for its own connections.
 */
async function copyingTransaction<T>(
  pool: pg.Pool,
  work: (trx: Transaction<Database>, copy: CopyIn) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const bound = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: { connect: () => Promise.resolve(client), end: () => Promise.resolve() } }),
  });
  const copy: CopyIn = async (statement, lines) => {
    if (lines.length === 0) return;
    await pipeline(Readable.from([`${lines.join('\n')}\n`]), client.query(copyFrom(statement)));
  };
  return bound.transaction().execute((trx) => work(trx, copy));
}

/**
 * One row in COPY's text format: tab-separated, `\N` for null, and the four characters COPY gives meaning to
 * escaped, so log text (attacker-controlled) can never split a row or a column.
 */
export function copyTextLine(values: readonly (string | number | null | undefined)[]): string {
  return values
    .map((value) =>
      value === null || value === undefined ? '\\N' : String(value).replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c),
    )
    .join('\t');
}

const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Round-trip time of a trivial query, for health checks. */
export async function pingStore(store: Store): Promise<number> {
  const started = performance.now();
  await sql`select 1`.execute(store.db);
  return performance.now() - started;
}
