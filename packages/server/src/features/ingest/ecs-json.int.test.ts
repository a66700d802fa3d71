import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { createApp } from '../../server.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';

/** What Beats, Elastic Agent or an application logging ECS sends: nested field sets or dotted keys. */
const NESTED = {
  '@timestamp': '2026-11-22T10:00:00.000Z',
  ecs: { version: '8.11.0' },
  host: { name: 'scada-1' },
  source: { ip: '203.0.113.9', port: 4242 },
  user: { name: 'operator' },
  event: { category: ['authentication'], outcome: 'failure', action: 'logon-failed' },
  message: 'logon failed for operator',
};
const DOTTED = {
  '@timestamp': '2026-11-22T10:01:00.000Z',
  'source.ip': '10.20.0.12',
  'destination.ip': '198.51.100.7',
  'destination.port': 443,
  'event.kind': 'event',
};

describe.each(testDatabaseKinds())('ECS-shaped JSON over HTTP ingest on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let token: string;

  beforeEach(async () => {
    city = await createTestCity(kind);
    const inventory = parseInventoryDocument(readInventoryText(SMALL_CITY_YAML));
    await city.services.inventory.importDocument(SYSTEM_PRINCIPAL, inventory);
    await city.services.city.current();
    app = await createApp(city.services);
    token = (
      await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 'beats',
        scope: 'ingest',
        departmentId: null,
        expiresInDays: null,
      })
    ).token;
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  async function postNdjson(events: readonly object[]): Promise<void> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/ingest',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      payload: events.map((e) => JSON.stringify(e)).join('\n'),
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: events.length, rejected: 0 });
  }

  const storedRow = (time: string) =>
    city.services.store.db
      .selectFrom('events')
      .select(['source', 'ts', 'host_name', 'source_ip', 'destination_ip', 'user_name', 'asset_id', 'department_id'])
      .where('ts', '=', time)
      .executeTakeFirstOrThrow();

  it('fills the indexed columns from nested ECS field sets and enriches with the asset named by host.name', async () => {
    await postNdjson([NESTED]);
    expect(await storedRow(NESTED['@timestamp'])).toEqual({
      source: 'ecs-json',
      ts: NESTED['@timestamp'],
      host_name: 'scada-1',
      source_ip: '203.0.113.9',
      destination_ip: null,
      user_name: 'operator',
      asset_id: 'scada-1',
      department_id: 'water',
    });
    const [event] = (await city.services.events.search(SYSTEM_PRINCIPAL, { query: 'host.name:scada-1', limit: 10 }))
      .events;
    expect(event?.document).toMatchObject({
      event: { category: ['authentication'], outcome: 'failure', action: 'logon-failed' },
      message: 'logon failed for operator',
      citysoc: { asset_id: 'scada-1', service_ids: ['water-supply'], department: 'water', zone: 'ot' },
    });
  });

  it('reads dotted ECS keys the same way, and matches the asset by source.ip', async () => {
    await postNdjson([DOTTED]);
    expect(await storedRow(DOTTED['@timestamp'])).toMatchObject({
      source: 'ecs-json',
      host_name: null,
      source_ip: '10.20.0.12',
      destination_ip: '198.51.100.7',
      asset_id: 'scada-2',
      department_id: 'water',
    });
    const page = await city.services.events.search(SYSTEM_PRINCIPAL, { query: 'destination.port:443', limit: 10 });
    expect(page.events.map((e) => e.document.destination)).toEqual([{ ip: '198.51.100.7', port: 443 }]);
  });

  it('cannot set the pipeline context: citysoc fields sent with the event are not kept', async () => {
    const time = '2026-11-22T10:03:00.000Z';
    await postNdjson([
      { '@timestamp': time, host: { name: 'unknown-host' }, citysoc: { department: 'energy', asset_id: 'grid-scada' } },
    ]);
    expect(await storedRow(time)).toMatchObject({ source: 'ecs-json', asset_id: null, department_id: null });
    const [event] = (await city.services.events.search(SYSTEM_PRINCIPAL, { query: 'host.name:unknown-host', limit: 1 }))
      .events;
    expect(event?.document.citysoc).toEqual({ source: 'ecs-json', channel: 'http' });
  });

  it('leaves JSON that only looks a little like ECS to generic-json', async () => {
    await postNdjson([{ '@timestamp': '2026-11-22T10:02:00.000Z', host: 'scada-1', msg: 'flat, not ECS' }]);
    expect(await storedRow('2026-11-22T10:02:00.000Z')).toMatchObject({ source: 'generic-json', host_name: null });
  });
});
