import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../config.ts';

/** A throw-away database for one test: the config that points at it, and how to remove it afterwards. */
export interface TestDatabase {
  config: Config;
  drop(): Promise<void>;
}

export interface TestDatabaseKind {
  kind: 'sqlite' | 'postgres';
  create(overrides?: Partial<Config>): Promise<TestDatabase>;
}

const sqlite: TestDatabaseKind = {
  kind: 'sqlite',
  create(overrides = {}) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'citysoc-test-'));
    const config = loadConfig({}, { dataDir, logLevel: 'silent', ...overrides });
    return Promise.resolve({
      config,
      drop: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    });
  },
};

function postgres(adminUrl: string): TestDatabaseKind {
  return {
    kind: 'postgres',
    async create(overrides = {}) {
      const name = `citysoc_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const dataDir = mkdtempSync(path.join(tmpdir(), 'citysoc-test-'));
      const config = loadConfig({}, { dataDir, databaseUrl: url.toString(), logLevel: 'silent', ...overrides });
      return {
        config,
        async drop() {
          const client = new pg.Client({ connectionString: adminUrl });
          await client.connect();
          try {
            await client.query(`drop database if exists ${name} with (force)`);
          } finally {
            await client.end();
            rmSync(dataDir, { recursive: true, force: true });
          }
        },
      };
    },
  };
}

/**
 * The databases every repository integration test runs on: SQLite always, PostgreSQL when
 * CITYSOC_TEST_DATABASE_URL names a server where databases may be created (CI sets it).
 */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const url = process.env.CITYSOC_TEST_DATABASE_URL;
  return url ? [sqlite, postgres(url)] : [sqlite];
}

/**
 * What a PostgreSQL restart does to the processes using a test database: every session of it ends (as on a fast
 * shutdown) and no new one is let in, until `bringBack`. Needs CITYSOC_TEST_DATABASE_URL (a server where the
 * test may alter databases).
 */
export async function takeDatabaseAway(databaseUrl: string): Promise<{ bringBack(): Promise<void> }> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.CITYSOC_TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`alter database ${name} allow_connections false`);
  await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
  return {
    async bringBack() {
      await admin.query(`alter database ${name} allow_connections true`);
      await admin.end();
    },
  };
}
