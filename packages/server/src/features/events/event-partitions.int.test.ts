import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { maintainPartitions } from './event-partitions.ts';
import { enforceRetention, parseRetentionPolicy } from './retention.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const daysFrom = (base: Date, days: number) => new Date(base.getTime() + days * 86_400_000);
const postgres = testDatabaseKinds().filter((kind) => kind.kind === 'postgres');

/** PostgreSQL only: SQLite keeps one events table (migration 0019). */
describe.runIf(postgres.length > 0)('day partitions of the events table on PostgreSQL', () => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(postgres[0]!);
  });
  afterEach(() => city.dispose());

  const ingestAt = (entries: [string, Date][]) =>
    city.services.ingest.ingest(
      { channel: 'file', departmentId: null, format: 'ndjson' },
      entries.map(([message, at]) => ({ message, '@timestamp': at.toISOString() })),
    );

  /** Which table holds each event, by message. */
  async function placement(): Promise<Record<string, string>> {
    const { rows } = await sql<{ part: string; document: string }>`
      select tableoid::regclass::text as part, document from events`.execute(city.services.store.db);
    return Object.fromEntries(rows.map((row) => [(JSON.parse(row.document) as { message: string }).message, row.part]));
  }

  const messages = async () =>
    (await city.services.events.search(SYSTEM_PRINCIPAL, { query: '', limit: 100 })).events
      .map((event) => event.document.message)
      .sort();

  it('makes today and the coming days, moving their events out of the default partition', async () => {
    await ingestAt([
      ['today', NOW],
      ['tomorrow', daysFrom(NOW, 1)],
      ['last month', daysFrom(NOW, -40)],
      ['next year', daysFrom(NOW, 400)],
    ]);
    expect(Object.values(await placement())).toEqual(Array(4).fill('events_default'));

    const run = await maintainPartitions(city.services.store, NOW, daysFrom(NOW, -90));
    expect(run.created).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
    expect(run.movedEvents).toBe(2);
    expect(await placement()).toEqual({
      today: 'events_p20261122',
      tomorrow: 'events_p20261123',
      'last month': 'events_default',
      'next year': 'events_default',
    });

    await ingestAt([['later today', daysFrom(NOW, 0.1)]]);
    expect((await placement())['later today']).toBe('events_p20261122');
    expect(await messages()).toHaveLength(5);
    expect((await maintainPartitions(city.services.store, NOW, daysFrom(NOW, -90))).created).toEqual([]);
  });

  it('drops whole days past the longest retention and deletes the rest row by row', async () => {
    const longAgo = daysFrom(NOW, -45);
    await maintainPartitions(city.services.store, longAgo, daysFrom(longAgo, -90));
    await ingestAt([
      ['day -45', longAgo],
      ['day -44', daysFrom(NOW, -44)],
      ['day -40 (default partition)', daysFrom(NOW, -40)],
      ['day -10', daysFrom(NOW, -10)],
      ['today', NOW],
    ]);
    expect((await placement())['day -45']).toBe('events_p20261008');

    const run = await enforceRetention(city.services.store, parseRetentionPolicy(30, ''), NOW);
    expect(run.partitions.dropped).toEqual(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-11']);
    expect(run.deletedEvents).toBe(1);
    expect(await messages()).toEqual(['day -10', 'today']);
  });

  it('keeps a day another source still needs, however short the default retention', async () => {
    const longAgo = daysFrom(NOW, -45);
    await maintainPartitions(city.services.store, longAgo, daysFrom(longAgo, -90));
    await ingestAt([['day -45', longAgo]]);
    const run = await enforceRetention(city.services.store, parseRetentionPolicy(30, 'generic-json=60'), NOW);
    expect(run.partitions.dropped).toEqual([]);
    expect(await messages()).toEqual(['day -45']);
  });

  it('leaves a drop for the next run, instead of queueing ingest, while a long search holds the table', async () => {
    const longAgo = daysFrom(NOW, -45);
    await maintainPartitions(city.services.store, longAgo, daysFrom(longAgo, -90));
    const reader = new pg.Client({ connectionString: city.services.config.databaseUrl });
    await reader.connect();
    try {
      await reader.query('begin');
      await reader.query('select count(*) from events');
      const started = performance.now();
      const run = await maintainPartitions(city.services.store, NOW, daysFrom(NOW, -30));
      expect(run.dropped).toEqual([]);
      expect(run.deferred).toContain('2026-10-08');
      expect(performance.now() - started).toBeLessThan(15_000);
      await reader.query('commit');
      expect((await maintainPartitions(city.services.store, NOW, daysFrom(NOW, -30))).dropped).toContain('2026-10-08');
    } finally {
      await reader.end();
    }
  });
});
