import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { enforceRetention, parseRetentionPolicy } from './retention.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe.each(testDatabaseKinds())('retention on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
    const telemetry = [1, 10, 40].map((age) => ({ device_id: `d-${age}`, metric: 'm', value: 1, ts: daysAgo(age) }));
    const other = [1, 10, 40].map((age) => ({ message: `generic ${age}`, '@timestamp': daysAgo(age) }));
    await city.services.ingest.ingest({ channel: 'file', departmentId: null, format: 'ndjson' }, [
      ...telemetry,
      ...other,
    ]);
  });
  afterEach(() => city.dispose());

  const remaining = async () =>
    (await city.services.events.search(SYSTEM_PRINCIPAL, { query: '', limit: 100 })).events
      .map((e) => `${e.source}:${Math.round((NOW.getTime() - Date.parse(e.timestamp)) / 86_400_000)}`)
      .sort();

  it('deletes events past the default age and keeps per-source overrides apart', async () => {
    expect(await remaining()).toHaveLength(6);
    const run = await enforceRetention(city.services.store, parseRetentionPolicy(30, 'device-telemetry=5'), NOW);
    expect(run.deletedEvents).toBe(3);
    expect(await remaining()).toEqual(['device-telemetry:1', 'generic-json:1', 'generic-json:10']);
  });

  it('refuses a malformed per-source entry', () => {
    expect(() => parseRetentionPolicy(30, 'device-telemetry')).toThrow(/<log-source>=<days>/);
  });
});
