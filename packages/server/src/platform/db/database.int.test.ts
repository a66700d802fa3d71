import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds, type TestDatabase } from '../../testing/test-databases.ts';
import { createStore, type Store } from './database.ts';

const postgres = testDatabaseKinds().find((kind) => kind.kind === 'postgres');

describe.runIf(postgres !== undefined)('a PostgreSQL store whose session ends in the middle of a transaction', () => {
  let database: TestDatabase;
  let store: Store;
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('fails that transaction, not the process, and serves the next one', async () => {
    database = await postgres!.create();
    store = createStore({ databaseUrl: database.config.databaseUrl, dataDir: database.config.dataDir });
    const admin = new pg.Client({ connectionString: database.config.databaseUrl });
    await admin.connect();
    try {
      const failed = store.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // What a restart does to the session, while the transaction waits between two statements.
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`select 1`.execute(trx);
      });
      await expect(failed).rejects.toThrow();
    } finally {
      await admin.end();
    }
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
