import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds, type TestDatabase } from '../../../testing/test-databases.ts';
import { createStore, type Store } from '../database.ts';
import { MIGRATIONS } from './index.ts';

const postgres = testDatabaseKinds().filter((kind) => kind.kind === 'postgres');

const event = (id: string, ts: string) => ({
  id,
  ts,
  ingested: ts,
  source: 'generic-json',
  document: JSON.stringify({ message: id }),
});

describe.runIf(postgres.length > 0)('migration 0019 on a PostgreSQL store that already holds events', () => {
  let database: TestDatabase;
  let store: Store;
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('keeps every event with its sequence number, and numbering goes on after them', async () => {
    database = await postgres[0]!.create();
    store = createStore({ databaseUrl: database.config.databaseUrl, dataDir: database.config.dataDir });
    const migrator = new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
    expect((await migrator.migrateTo('0017-incident-shares')).error).toBeUndefined();
    await store.db
      .insertInto('events')
      .values([event('old-1', '2026-11-01T00:00:00Z'), event('old-2', '2026-11-20T00:00:00Z')])
      .execute();
    const before = await store.db.selectFrom('events').select(['id', 'seq']).orderBy('seq').execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    const { rows } = await sql<{ id: string; seq: number; part: string }>`
      select id, seq, tableoid::regclass::text as part from events order by seq`.execute(store.db);
    expect(rows.map(({ id, seq }) => ({ id, seq: Number(seq) }))).toEqual(before.map(({ id, seq }) => ({ id, seq })));
    expect(new Set(rows.map((row) => row.part))).toEqual(new Set(['events_default']));
    await store.db.insertInto('events').values(event('new', '2026-11-22T00:00:00Z')).execute();
    const newest = await store.db.selectFrom('events').select('seq').where('id', '=', 'new').executeTakeFirstOrThrow();
    expect(Number(newest.seq)).toBeGreaterThan(Math.max(...before.map((row) => row.seq)));
    const { rows: indexes } = await sql<{ indexname: string }>`
      select indexname from pg_indexes where tablename = 'events' order by indexname`.execute(store.db);
    expect(indexes.map((row) => row.indexname)).toEqual(expect.arrayContaining(['events_ts', 'events_source_ip']));
  });
});
