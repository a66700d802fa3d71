import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { appendEvents, type EventRow, storeEventsOnce } from './events.repository.ts';

/** Text COPY gives meaning to (tab, newline, carriage return, backslash, `\N`) and other awkward bytes. */
const HOSTILE = 'a\tb\nc\r\nd \\ e \\N f \\t g "quoted" \u00e9\u{1F600}';

const row = (id: string, ts: string, raw: string | null = null): EventRow => ({
  id,
  ts,
  ingested: ts,
  source: 'generic-json',
  host_name: 'scada-01',
  document: JSON.stringify({ message: raw ?? id }),
  raw,
});

describe.each(testDatabaseKinds())('event store writes on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
  });
  afterEach(() => city.dispose());

  const stored = () =>
    city.services.store.db
      .selectFrom('events')
      .select(['id', 'ts', 'raw', 'host_name', 'original'])
      .orderBy('id')
      .execute();

  it('keeps every byte of hostile text and nulls as nulls', async () => {
    await appendEvents(city.services.store, [
      row('e1', '2026-11-22T10:00:00.000Z', HOSTILE),
      row('e2', '2026-11-22T10:00:01.000Z'),
    ]);
    expect(await stored()).toEqual([
      { id: 'e1', ts: '2026-11-22T10:00:00.000Z', raw: HOSTILE, host_name: 'scada-01', original: null },
      { id: 'e2', ts: '2026-11-22T10:00:01.000Z', raw: null, host_name: 'scada-01', original: null },
    ]);
  });

  it('stores a redelivered batch once and reports only what it stored', async () => {
    const first = [row('e1', '2026-11-22T10:00:00.000Z'), row('e2', '2026-11-22T10:00:01.000Z')];
    const keys = await city.services.store.bulkTransaction((trx, copy) => storeEventsOnce(trx, copy, first));
    expect(keys.map((key) => key.id).sort()).toEqual(['e1', 'e2']);
    const again = [...first, row('e3', '2026-11-22T10:00:02.000Z'), row('e3', '2026-11-22T10:00:02.000Z')];
    const second = await city.services.store.bulkTransaction((trx, copy) => storeEventsOnce(trx, copy, again));
    expect(second).toEqual([{ id: 'e3', ts: '2026-11-22T10:00:02.000Z' }]);
    expect((await stored()).map((event) => event.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('stores nothing of a batch whose transaction fails', async () => {
    await expect(
      city.services.store.bulkTransaction(async (trx, copy) => {
        await storeEventsOnce(trx, copy, [row('e1', '2026-11-22T10:00:00.000Z')]);
        throw new Error('detection failed');
      }),
    ).rejects.toThrow('detection failed');
    expect(await stored()).toEqual([]);
  });
});
