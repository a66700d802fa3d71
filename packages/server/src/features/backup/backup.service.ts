import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ConflictError, InputError } from '@citysoc/core';
import type { Config } from '../../config.ts';
import { createStore, type Queryable, type Store } from '../../platform/db/database.ts';
import { MIGRATIONS } from '../../platform/db/migrations/index.ts';
import type { SnapshotHeader } from './backup-format.ts';
import { sealEnvelope } from './backup-envelope.ts';
import type { BackupSecret } from './backup-keys.ts';
import { readSnapshot } from './snapshot-reader.ts';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, describeStore, snapshotLines } from './snapshot-writer.ts';
import {
  countRows,
  createMigrationTables,
  deferForeignKeys,
  deleteAllRows,
  inSnapshot,
  insertRows,
  listAppliedMigrations,
  listTables,
  resetSequences,
  type TableShape,
} from './snapshot.repository.ts';

/** What a backup holds, as `create`, `verify` and `restore` report it (the `--json` output). */
export interface BackupSummary {
  ok: true;
  file: string;
  bytes: number;
  frames: number;
  kdf: 'scrypt' | 'key-file';
  citysocVersion: string;
  dialect: 'sqlite' | 'postgres';
  migration: string;
  createdAt: string;
  tables: Record<string, number>;
  totalRows: number;
}

function summaryOf(file: string, result: Awaited<ReturnType<typeof readSnapshot>>): BackupSummary {
  const { header, counts, envelope } = result;
  return {
    ok: true,
    file,
    bytes: envelope.bytes,
    frames: envelope.frames,
    kdf: envelope.kdf,
    citysocVersion: header.citysocVersion,
    dialect: header.dialect,
    migration: header.migrations[header.migrations.length - 1] ?? '',
    createdAt: header.createdAt,
    tables: counts,
    totalRows: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

/** Authenticates every frame and checks every table's row count against the header, without touching a database. */
export async function verifyBackup(file: string, secret: BackupSecret): Promise<BackupSummary> {
  return summaryOf(file, await readSnapshot(file, secret));
}

/**
 * Opens the configured store without migrating it: a backup must not change what it copies, and a restore
 * needs the target exactly as it found it. For the embedded mode, `mustExist` refuses a data directory without
 * a database rather than creating an empty one there.
 */
export function openBackupStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>, mustExist: boolean): Store {
  if (mustExist && config.databaseUrl === '' && !existsSync(path.join(config.dataDir, 'citysoc.db'))) {
    throw new InputError(`No CitySOC database in ${config.dataDir} (set CITYSOC_DATA_DIR or CITYSOC_DATABASE_URL)`);
  }
  return createStore(config);
}

export interface BackupService {
  /** Writes a consistent encrypted snapshot of the whole store to `out` (a new file) while the server runs. */
  create(out: string, secret: BackupSecret): Promise<BackupSummary>;
  /** Restores a verified backup into this store, which must be empty; all or nothing. */
  restore(file: string, secret: BackupSecret): Promise<BackupSummary>;
}

export function createBackupService({ store }: { store: Store }): BackupService {
  async function appliedMigrations(db: Queryable): Promise<string[]> {
    if (!(await listTables(db, store.kind)).includes(MIGRATION_TABLE)) {
      throw new InputError(`Nothing to back up: ${store.location} has no CitySOC schema`);
    }
    return listAppliedMigrations(db);
  }

  /**
   * Empty means no tables at all, or only Kysely's bookkeeping with no migration recorded (what an interrupted
   * first start leaves). Anything more is someone's data, and a restore never merges into it.
   */
  async function assertEmpty(): Promise<void> {
    const tables = (await listTables(store.db, store.kind)).filter(
      (t) => t !== MIGRATION_TABLE && t !== MIGRATION_LOCK_TABLE,
    );
    const recorded = (await listTables(store.db, store.kind)).includes(MIGRATION_TABLE)
      ? await countRows(store.db, MIGRATION_TABLE)
      : 0;
    if (tables.length > 0 || recorded > 0) {
      const named = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
      throw new ConflictError(
        `Refusing to restore: ${store.location} is not empty (${tables.length} tables: ${named}). ` +
          'Restore into a new database or an empty data directory.',
      );
    }
  }

  function migrationsOf(header: SnapshotHeader) {
    const known = Object.keys(MIGRATIONS);
    return header.migrations.map((name, i) => {
      const migration = MIGRATIONS[name];
      if (migration === undefined || known[i] !== name) {
        throw new InputError(
          `The backup's schema (migration ${name}) is not one this CitySOC knows: restore with CitySOC ` +
            `${header.citysocVersion} or newer`,
        );
      }
      return migration;
    });
  }

  return {
    async create(out, secret) {
      if (existsSync(out)) throw new ConflictError(`${out} already exists; choose a new file name`);
      const partial = `${out}.partial-${process.pid}`;
      try {
        await inSnapshot(store.db, store.kind, async (trx) => {
          const migrations = await appliedMigrations(trx);
          await pipeline(
            Readable.from(snapshotLines(trx, store.kind, migrations)),
            createGzip(),
            sealEnvelope(secret),
            createWriteStream(partial, { mode: 0o600, flags: 'wx' }),
          );
        });
        renameSync(partial, out);
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      }
      // Read back what was written: a backup is only reported made once it is known to restore.
      const summary = await verifyBackup(out, secret);
      return { ...summary, bytes: statSync(out).size };
    },

    async restore(file, secret) {
      // The whole file is authenticated before the database is touched: a tampered file changes nothing.
      const verified = await readSnapshot(file, secret);
      const migrations = migrationsOf(verified.header);
      await assertEmpty();
      await store.db.transaction().execute(async (trx) => {
        await deferForeignKeys(trx, store.kind);
        await createMigrationTables(trx);
        // The schema at the backup's level, built by the same migrations; their seed rows are replaced below.
        for (const migration of migrations) await migration.up(trx);
        const shapes = await describeStore(trx, store.kind);
        assertSameSchema(verified.header, shapes);
        for (const shape of [...shapes].reverse()) await deleteAllRows(trx, shape.name);
        await readSnapshot(file, secret, {
          rows: (table, rows) => insertRows(trx, table.name, table.columns, adaptForStore(rows, store.kind)),
        });
        for (const shape of shapes) {
          await resetSequences(trx, store.kind, shape);
          const expected = verified.counts[shape.name] ?? 0;
          const restored = await countRows(trx, shape.name);
          if (restored !== expected) {
            throw new Error(`Restored ${restored} rows into ${shape.name}, expected ${expected}; rolled back`);
          }
        }
      });
      return summaryOf(file, verified);
    },
  };
}

function assertSameSchema(header: SnapshotHeader, shapes: readonly TableShape[]): void {
  const level = header.migrations[header.migrations.length - 1] ?? '';
  const actual = new Map(shapes.map((s) => [s.name, new Set(s.columns)]));
  const missing = shapes.filter((s) => !header.tables.some((t) => t.name === s.name)).map((s) => s.name);
  if (missing.length > 0) throw new InputError(`The backup lacks tables of schema ${level}: ${missing.join(', ')}`);
  for (const table of header.tables) {
    const columns = actual.get(table.name);
    if (columns === undefined) throw new InputError(`The backup's table ${table.name} is not in schema ${level}`);
    const differs = table.columns.length !== columns.size || table.columns.some((c) => !columns.has(c));
    if (differs) throw new InputError(`The backup's table ${table.name} has other columns than schema ${level}`);
  }
}

/** better-sqlite3 binds no booleans; a PostgreSQL backup restored into SQLite stores them as 0/1. */
function adaptForStore<T>(rows: T[][], kind: Store['kind']): T[][] {
  if (kind === 'postgres') return rows;
  return rows.map((row) => row.map((v) => (typeof v === 'boolean' ? ((v ? 1 : 0) as T) : v)));
}
