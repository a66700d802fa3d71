import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import path from 'node:path';
import type { AlertedEvent } from '../detection/index.ts';
import { createIndicatorDetector, loadWarninglists, readStixText } from './index.ts';

const indicator = (n: number, pattern: string, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--00000000-0000-4000-8000-00000000000${n}`,
  created: '2026-11-01T00:00:00.000Z',
  modified: '2026-11-01T00:00:00.000Z',
  name: `test indicator ${n}`,
  pattern,
  pattern_type: 'stix',
  valid_from: '2026-11-01T00:00:00Z',
  confidence: 90,
  ...extra,
});

const BUNDLE = JSON.stringify({
  type: 'bundle',
  id: 'bundle--00000000-0000-4000-8000-000000000000',
  objects: [
    indicator(1, "[ipv4-addr:value = '203.0.113.66']"),
    indicator(2, "[domain-name:value = 'evil.example']"),
    indicator(3, "[ipv4-addr:value = '198.51.100.9']", { valid_until: '2026-11-02T00:00:00Z' }),
    indicator(4, "[ipv4-addr:value = '10.0.0.1'] FOLLOWEDBY [ipv4-addr:value = '10.0.0.2']"),
  ],
});

describe.each(testDatabaseKinds())('indicator matching on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
    const input = readStixText(BUNDLE);
    const summary = await city.services.intel.importObjects(SYSTEM_PRINCIPAL, input.objects, {
      source: 'isac',
      kind: 'stix',
    });
    expect(summary.indicators).toBe(4);
    await city.services.indicators.reload();
  });
  afterEach(() => city.dispose());

  const ingest = (...documents: Record<string, unknown>[]) =>
    city.services.ingest.ingest(
      { channel: 'http', departmentId: 'water', format: 'ndjson' },
      documents.map((d) => JSON.stringify(d)),
    );

  it('raises an alert for an event naming an active indicator, by address and by parent domain, and records sightings', async () => {
    // Suricata EVE records, as a sensor sends them: flows to addresses and a DNS query.
    const flow = (dest: string) => ({
      timestamp: '2026-11-22T10:00:00.000000+0000',
      event_type: 'flow',
      src_ip: '10.20.0.5',
      src_port: 51000,
      dest_ip: dest,
      dest_port: 443,
      proto: 'TCP',
    });
    await ingest(
      flow('203.0.113.66'),
      {
        timestamp: '2026-11-22T10:00:01.000000+0000',
        event_type: 'dns',
        src_ip: '10.20.0.5',
        dest_ip: '10.20.0.53',
        proto: 'UDP',
        dns: { type: 'query', rrname: 'c2.evil.example', rrtype: 'A' },
      },
      flow('192.0.2.1'),
      flow('198.51.100.9'),
    );
    await city.services.detection.catchUp();
    const alerts = await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 50 });
    const titles = alerts.map((a) => a.title).sort();
    expect(titles).toHaveLength(2);
    expect(titles[0]).toMatch(
      /^Indicator sighted: 203\.0\.113\.66 in destination\.ip \(test indicator 1, score \d+\)$/,
    );
    expect(titles[1]).toMatch(/^Indicator sighted: c2\.evil\.example/);
    expect(alerts.every((a) => a.departmentId === 'water')).toBe(true);

    await city.services.detection.catchUp(); // flushes sightings in the background
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sightings = await city.services.store.db.selectFrom('sightings').selectAll().execute();
    expect(sightings.map((s) => s.value).sort()).toEqual(['203.0.113.66', 'c2.evil.example']);

    // Listed for the water department's administrator, not for energy's.
    const water = await city.addUser('water-admin', 'sysadmin', ['water']);
    const energy = await city.addUser('energy-admin', 'sysadmin', ['energy']);
    const listed = await city.services.sightings.list(water, 100);
    expect(listed.map((s) => [s.value, s.department_id, s.indicator_name, s.count])).toEqual(
      expect.arrayContaining([
        ['203.0.113.66', 'water', 'test indicator 1', 1],
        ['c2.evil.example', 'water', 'test indicator 2', 1],
      ]),
    );
    expect(await city.services.sightings.list(energy, 100)).toEqual([]);

    // Exported as STIX 2.1 sightings of the shared indicators, sighted by the department, at least TLP:AMBER.
    const bundle = await city.services.sightings.exportStix(water);
    const stixSightings = bundle.objects.filter((o) => o.type === 'sighting');
    expect(stixSightings).toHaveLength(2);
    const identity = bundle.objects.find((o) => o.type === 'identity');
    expect(identity).toMatchObject({ name: 'Water Utility', identity_class: 'organization' });
    for (const sighting of stixSightings) {
      expect(sighting).toMatchObject({
        spec_version: '2.1',
        count: 1,
        where_sighted_refs: [identity?.id],
        object_marking_refs: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'],
      });
      expect(String(sighting.sighting_of_ref)).toMatch(/^indicator--00000000-0000-4000-8000-00000000000[12]$/);
    }
    // The same sighting keeps its id from one export to the next, so a peer updates instead of duplicating.
    const again = await city.services.sightings.exportStix(water);
    expect(again.objects.filter((o) => o.type === 'sighting').map((o) => o.id)).toEqual(stixSightings.map((o) => o.id));
    expect((await city.services.sightings.exportStix(energy)).objects).toEqual([]);
  });

  it('keeps patterns that cannot match single events, with the reason, out of the index', async () => {
    const rows = await city.services.store.db
      .selectFrom('indicators')
      .selectAll()
      .where('not_matchable', 'is not', null)
      .execute();
    expect(rows.map((r) => r.id)).toEqual(['indicator--00000000-0000-4000-8000-000000000004']);
    expect(rows[0]?.not_matchable).toMatch(/FOLLOWEDBY|observation/i);
    expect(city.services.indicators.stats().indicators).toBe(2);
  });

  it('leaves known-benign values (MISP warninglists) out of matching', async () => {
    const lists = path.resolve(import.meta.dirname, '../../../../../../shared/data/misp/warninglists/lists');
    const detector = createIndicatorDetector({
      ...city.services,
      suppressor: loadWarninglists(lists, city.services.log),
    });
    const benign = readStixText(
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--00000000-0000-4000-8000-000000000001',
        objects: [indicator(5, "[ipv4-addr:value = '10.1.2.3']")],
      }),
    );
    await city.services.intel.importObjects(SYSTEM_PRINCIPAL, benign.objects, { source: 'noisy', kind: 'stix' });
    await detector.reload();
    const event: AlertedEvent = {
      id: 'e',
      ts: '2026-11-22T10:00:00Z',
      source: 'x',
      department_id: null,
      host_name: null,
      source_ip: null,
      destination_ip: '10.1.2.3',
      user_name: null,
      document: { destination: { ip: '10.1.2.3' } } as AlertedEvent['document'],
    };
    expect(detector.observe(event, '2026-11-22T10:00:00Z')).toEqual([]);
    await city.services.indicators.reload();
    expect(city.services.indicators.observe(event, '2026-11-22T10:00:00Z')).toHaveLength(1);
    await detector.close();
  });
});
