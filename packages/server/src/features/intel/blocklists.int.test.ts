import { SYSTEM_PRINCIPAL, type TokenScope } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { bearer as bearerOf } from '../../testing/bearer.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { readStixText } from './index.ts';

const indicator = (n: number, pattern: string, confidence: number) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
  created: '2026-11-20T00:00:00.000Z',
  modified: '2026-11-20T00:00:00.000Z',
  name: `indicator ${n}`,
  pattern,
  pattern_type: 'stix',
  valid_from: new Date(Date.now() - 3600_000).toISOString(),
  confidence,
});

const BUNDLE = JSON.stringify({
  type: 'bundle',
  id: 'bundle--00000000-0000-4000-8000-000000000000',
  objects: [
    indicator(1, "[ipv4-addr:value = '203.0.113.66']", 95),
    indicator(2, "[ipv4-addr:value = '198.51.100.9']", 85),
    indicator(3, "[ipv4-addr:value = '192.0.2.44']", 60),
    // The water utility's SCADA server (in SMALL_CITY_YAML): a poisoned feed must not cut it off.
    indicator(4, "[ipv4-addr:value = '10.20.0.11']", 99),
    indicator(5, "[ipv4-addr:value ISSUBSET '100.64.0.0/10']", 99),
    indicator(6, "[domain-name:value = 'c2.evil.example']", 95),
    indicator(7, "[url:value = 'http://phish.example/login']", 95),
  ],
});

describe.each(testDatabaseKinds())('blocklists on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;

  const bearer = (scope: TokenScope, departmentId: string | null = null) =>
    bearerOf(city.services, scope, departmentId);

  beforeEach(async () => {
    city = await createTestCity(kind);
    app = await createApp(city.services);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)),
    );
    const input = readStixText(BUNDLE);
    await city.services.intel.importObjects(SYSTEM_PRINCIPAL, input.objects, { source: 'isac', kind: 'stix' });
    await city.services.indicators.reload();
    await city.services.stance.evaluate();
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  const fetchList = (name: string, headers: Record<string, string>) =>
    app.inject({ url: `/api/blocklists/${name}.txt`, headers });

  it('serves each list as text to a blocklist token, loosening its threshold as the stance rises', async () => {
    const firewall = await bearer('blocklist');
    const atNormal = await fetchList('firewall-ip', firewall);
    expect(atNormal.statusCode).toBe(200);
    expect(atNormal.headers['content-type']).toMatch(/^text\/plain/);
    // Level 1 publishes only confidence ≥ 90; never the city's own SCADA server, never a /10.
    expect(atNormal.body).toBe('203.0.113.66\n');
    expect((await fetchList('dns-rpz', firewall)).body).toBe('c2.evil.example\n');
    // The web proxy list is published from level 3: named by a policy, so served, but empty until then.
    expect((await fetchList('web-proxy', firewall)).body).toBe('');

    await city.services.stance.override(SYSTEM_PRINCIPAL, 'city', {
      level: 3,
      justification: 'Regional utilities report an active intrusion campaign',
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect((await fetchList('firewall-ip', firewall)).body).toBe('198.51.100.9\n203.0.113.66\n');
    expect((await fetchList('web-proxy', firewall)).body).toBe('c2.evil.example\nphish.example/login\n');

    // Lists are cached between polls, but new intelligence shows at once.
    const more = readStixText(
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--00000000-0000-4000-8000-000000000001',
        objects: [indicator(8, "[ipv4-addr:value = '203.0.113.200']", 97)],
      }),
    );
    await city.services.intel.importObjects(SYSTEM_PRINCIPAL, more.objects, { source: 'isac', kind: 'stix' });
    await city.services.indicators.reload();
    expect((await fetchList('firewall-ip', firewall)).body).toBe('198.51.100.9\n203.0.113.200\n203.0.113.66\n');

    // The summary says what was kept out and why (city-wide readers), for the operator to review.
    const summary = await app.inject({ url: '/api/blocklists', headers: await bearer('read') });
    expect(summary.statusCode).toBe(200);
    const firewallSummary = (summary.json() as { name: string }[]).find((l) => l.name === 'firewall-ip');
    expect(firewallSummary).toMatchObject({
      kinds: ['ip'],
      min_confidence: 70,
      entries: 3,
      url: '/api/blocklists/firewall-ip.txt',
      skipped: expect.arrayContaining([
        expect.objectContaining({ value: '10.20.0.11', reason: "the city's own address (scada-1)" }),
        expect.objectContaining({ value: '100.64.0.0/10', reason: 'network broader than /16' }),
      ]),
    });
    // A department's reader sees the lists but not the other departments' assets named in `skipped`.
    const departmentSummary = await app.inject({ url: '/api/blocklists', headers: await bearer('read', 'energy') });
    expect((departmentSummary.json() as { skipped: unknown[] }[]).every((l) => l.skipped.length === 0)).toBe(true);
  });

  it("publishes what responders marked for blocking in incidents, never the city's own addresses", async () => {
    const incident = await city.services.incidents.create(SYSTEM_PRINCIPAL, {
      title: 'Phishing wave against the permits office',
      severity: 'medium',
      departmentId: 'water',
    });
    const observe = (type: string, value: string, block = true) =>
      city.services.incidents.addObservable(SYSTEM_PRINCIPAL, incident.id, { type, value, block });
    await observe('ip', '198.51.100.200');
    await observe('domain', 'permits-login.example');
    await observe('ip', '10.20.0.11'); // the SCADA server: a typo in an incident must not cut it off
    await observe('ip', '198.51.100.201', false);
    const firewall = await bearer('blocklist');
    expect((await fetchList('firewall-ip', firewall)).body).toBe('198.51.100.200\n203.0.113.66\n');
    expect((await fetchList('dns-rpz', firewall)).body).toBe('c2.evil.example\npermits-login.example\n');
    const summary = await app.inject({ url: '/api/blocklists', headers: await bearer('read') });
    const skipped = (summary.json() as { name: string; skipped: { value: string; reason: string }[] }[]).find(
      (l) => l.name === 'firewall-ip',
    )?.skipped;
    expect(skipped).toEqual(
      expect.arrayContaining([
        { value: '10.20.0.11', indicatorId: incident.ref, reason: "the city's own address (scada-1)" },
      ]),
    );
  });

  it('refuses unknown lists, malformed names, missing credentials, and anything else to a blocklist token', async () => {
    const firewall = await bearer('blocklist');
    expect((await fetchList('no-such-list', firewall)).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/blocklists/..%2Fetc%2Fpasswd', headers: firewall })).statusCode).toBe(400);
    expect((await fetchList('firewall-ip', {})).statusCode).toBe(401);
    expect((await fetchList('firewall-ip', { authorization: 'Bearer not-a-token' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/events', headers: firewall })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/intel/indicators', headers: firewall })).statusCode).toBe(403);
    expect((await fetchList('firewall-ip', await bearer('ingest'))).statusCode).toBe(403);
  });

  it('lists sightings and exports them as a STIX bundle over HTTP', async () => {
    const reader = await bearer('read');
    await city.services.ingest.ingest({ channel: 'http', departmentId: 'water', format: 'ndjson' }, [
      JSON.stringify({
        timestamp: '2026-11-22T10:00:00.000000+0000',
        event_type: 'flow',
        src_ip: '10.20.0.5',
        src_port: 51000,
        dest_ip: '203.0.113.66',
        dest_port: 443,
        proto: 'TCP',
      }),
    ]);
    await city.services.detection.catchUp();
    await city.services.indicators.close(); // flushes the pending sightings
    const listed = await app.inject({ url: '/api/intel/sightings?limit=10', headers: reader });
    expect(listed.json()).toMatchObject([
      { value: '203.0.113.66', department_id: 'water', indicator_name: 'indicator 1' },
    ]);
    const exported = await app.inject({ url: '/api/intel/sightings/stix', headers: reader });
    expect(exported.headers['content-type']).toMatch(/^application\/stix\+json; ?version="?2\.1/);
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    expect((exported.json() as { objects: { type: string }[] }).objects.map((o) => o.type)).toEqual([
      'identity',
      'sighting',
    ]);
    expect((await app.inject({ url: '/api/intel/sightings?limit=100000', headers: reader })).statusCode).toBe(400);
  });
});
