import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from './index.ts';

describe.each(testDatabaseKinds())('enrichment and discovery on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
    const document = parseInventoryDocument(readInventoryText(SMALL_CITY_YAML));
    await city.services.inventory.importDocument(SYSTEM_PRINCIPAL, document);
    await city.services.city.current();
  });
  afterEach(() => city.dispose());

  const syslog = (host: string) =>
    `<34>1 2026-11-22T10:00:00Z ${host} sshd 77 - - Failed password for root from 203.0.113.9 port 4242 ssh2`;
  const search = (query: string) => city.services.events.search(SYSTEM_PRINCIPAL, { query, limit: 10 });

  it('stamps events with the asset, its services, department and zone', async () => {
    await city.services.ingest.ingest({ channel: 'syslog-tcp', departmentId: null, format: 'lines' }, [
      syslog('scada-1'),
    ]);
    const [event] = (await search('citysoc.asset_id:scada-1')).events;
    expect(event?.document).toMatchObject({
      citysoc: { asset_id: 'scada-1', service_ids: ['water-supply'], department: 'water', zone: 'ot' },
    });
    // The department comes from the asset, so a water user sees the event.
    const waterUser = await city.addUser('w', 'responder', ['water']);
    expect(
      (await city.services.events.search(waterUser, { query: 'citysoc.asset_id:scada-1', limit: 10 })).events,
    ).toHaveLength(1);
  });

  it('enriches with assets added later, without a restart', async () => {
    await city.services.inventory.saveAsset(
      SYSTEM_PRINCIPAL,
      { id: 'pump-7', name: 'Pump 7', type: 'plc', department: 'water', device_ids: ['PLC-0007'] },
      'create',
    );
    await city.services.city.current();
    await city.services.ingest.ingest({ channel: 'mqtt', departmentId: null, format: 'ndjson' }, [
      JSON.stringify({ device_id: 'PLC-0007', metric: 'mode', value: 1, state: 'run', ts: '2026-11-22T10:00:00Z' }),
    ]);
    const [event] = (await search('device.id:PLC-0007')).events;
    expect(event?.document).toMatchObject({ citysoc: { asset_id: 'pump-7', department: 'water' } });
  });

  it('lists hosts that match no asset as candidates, counts them, and lets an administrator adopt one', async () => {
    await city.services.ingest.ingest({ channel: 'syslog-tcp', departmentId: null, format: 'lines' }, [
      syslog('rogue-pi'),
      syslog('rogue-pi'),
      syslog('scada-1'),
    ]);
    await city.services.ingest.ingest({ channel: 'syslog-tcp', departmentId: null, format: 'lines' }, [
      syslog('rogue-pi'),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await city.services.discovery.flush();
    const candidates = await city.services.discovery.list(SYSTEM_PRINCIPAL, 'new', 10);
    expect(candidates.map((c) => [c.kind, c.value, c.events])).toEqual([['host', 'rogue-pi', 2]]);

    const adopted = await city.services.discovery.adopt(SYSTEM_PRINCIPAL, 'host:rogue-pi', {
      id: 'rogue-pi',
      name: 'Raspberry Pi found in the pump house',
      type: 'endpoint',
      department: 'water',
      hostnames: ['rogue-pi'],
    });
    expect(adopted.id).toBe('rogue-pi');
    expect(await city.services.discovery.list(SYSTEM_PRINCIPAL, 'new', 10)).toEqual([]);
    expect((await city.services.discovery.list(SYSTEM_PRINCIPAL, 'adopted', 10))[0]).toMatchObject({
      asset_id: 'rogue-pi',
    });
  });
});
