import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { alertLabels, labelPattern, tacticsOf } from './alert-labels.ts';

/** A door forced at the SCADA server of SMALL_CITY_YAML (water supply) and one at an unknown door. */
const doorAt = (device: string, minute: number) => ({
  device_id: device,
  metric: 'door',
  state: 'forced',
  ts: `2026-11-22T03:${String(minute).padStart(2, '0')}:00Z`,
});
const failedSsh = (second: number) =>
  `<38>1 2026-11-22T04:00:${String(second).padStart(2, '0')}Z gw-1 sshd 811 - - Failed password for root from 203.0.113.9 port 4022 ssh2`;

describe('alert labels', () => {
  it('keeps tactics, not techniques, groups or software', () => {
    expect(tacticsOf(['attack.credential-access', 'attack.t1110.001', 'attack.g0016', 'cve.2021-44228'])).toEqual([
      'credential-access',
    ]);
  });

  it('escapes like wildcards so an id with _ matches only itself', () => {
    expect(labelPattern('water_supply')).toBe('%,water\\_supply,%');
    expect(alertLabels(JSON.stringify({ rule: { tags: [] }, event: { serviceIds: ['a,b', 'c'] } }))).toEqual({
      service_ids: ',c,',
      tactics: ',,',
    });
  });
});

describe.each(testDatabaseKinds())('alert filters by service and tactic on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)),
    );
    await city.services.city.current();
    await city.services.ingest.ingest({ channel: 'mqtt', departmentId: 'water', format: 'ndjson' }, [
      doorAt('scada-1', 1),
      doorAt('door-unknown-7', 2),
    ]);
    await city.services.ingest.ingest(
      { channel: 'syslog-tcp', departmentId: 'energy', format: 'lines' },
      Array.from({ length: 10 }, (_, i) => failedSsh(i)),
    );
    await city.services.detection.catchUp();
  });
  afterEach(() => city.dispose());

  const list = (filter: { service?: string; tactic?: string }) =>
    city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 100, ...filter });

  it('filters by the city service of the alerted event', async () => {
    const alerts = await list({ service: 'water-supply' });
    expect(alerts.map((a) => a.event.deviceId)).toEqual(['scada-1']);
    expect(alerts[0]?.event.serviceIds).toContain('water-supply');
    expect(await list({ service: 'power-grid' })).toEqual([]);
    // `_` is not a wildcard: water_supply is another id.
    expect(await list({ service: 'water_supply' })).toEqual([]);
  });

  it('filters by the ATT&CK tactic of the rule', async () => {
    const credential = await list({ tactic: 'credential-access' });
    expect(credential.map((a) => a.title)).toEqual(['SSH brute force from one source address']);
    const initial = await list({ tactic: 'initial-access' });
    expect(initial.map((a) => a.event.deviceId).sort()).toEqual(['door-unknown-7', 'scada-1']);
    expect(await list({ tactic: 'impact' })).toEqual([]);
  });

  it('takes the filters over HTTP and refuses malformed ones', async () => {
    const app = await createApp(city.services);
    try {
      const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 'r',
        scope: 'read',
        departmentId: null,
        expiresInDays: null,
      });
      const headers = { authorization: `Bearer ${token}` };
      const ok = await app.inject({ url: '/api/alerts?tactic=initial-access&service=water-supply', headers });
      expect(ok.statusCode).toBe(200);
      expect((ok.json() as { event: { deviceId: string } }[]).map((a) => a.event.deviceId)).toEqual(['scada-1']);
      const bad = await app.inject({ url: `/api/alerts?tactic=${encodeURIComponent("x' or 1=1 --")}`, headers });
      expect(bad.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
