import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { bearer } from '../../testing/bearer.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { readStixText } from './index.ts';

const ICS = path.resolve(import.meta.dirname, '../../../../../../shared/data/mitre-attack/ics-attack-18.1.json');

interface Coverage {
  imported: boolean;
  techniques_total: number;
  techniques_covered: number;
  tactics: { shortname: string; techniques: { id: string; rules: string[]; alerts_30d: number }[] }[];
}

describe.each(testDatabaseKinds())('ATT&CK coverage on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let headers: Record<string, string>;

  beforeEach(async () => {
    city = await createTestCity(kind);
    app = await createApp(city.services);
    headers = await bearer(city.services, 'read');
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  const coverage = async (domain: string) => {
    const response = await app.inject({ url: `/api/attack/coverage?domain=${domain}`, headers });
    expect(response.statusCode).toBe(200);
    return response.json() as Coverage;
  };

  it('says when ATT&CK is not imported, then maps the shipped OT rules onto the imported ICS matrix', async () => {
    expect(await coverage('ics')).toMatchObject({ imported: false, techniques_total: 0, tactics: [] });

    const input = readStixText(readFileSync(ICS, 'utf8'));
    await city.services.intel.importObjects(SYSTEM_PRINCIPAL, input.objects, { source: 'attack-ics', kind: 'stix' });
    const ics = await coverage('ics');
    expect(ics).toMatchObject({ imported: true, techniques_total: 83 });
    expect(ics.tactics).toHaveLength(12);
    // The shipped PLC rule is tagged T0843 (Program Download) and T0857 (System Firmware, under two tactics).
    const cell = (tactic: string, id: string) =>
      ics.tactics.find((t) => t.shortname === tactic)?.techniques.find((t) => t.id === id);
    expect(cell('lateral-movement', 'T0843')?.rules).toEqual(['7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a05']);
    expect(cell('persistence', 'T0857')?.rules).toEqual(['7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a05']);
    expect(cell('inhibit-response-function', 'T0857')?.rules).toEqual(['7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a05']);
    expect(ics.techniques_covered).toBeGreaterThanOrEqual(6);
    // Enterprise was not imported: the ICS objects do not leak into it.
    expect((await coverage('enterprise')).imported).toBe(false);

    // A PLC reporting a program download raises the rule's alert, counted on both of its techniques.
    await city.services.ingest.ingest({ channel: 'http', departmentId: 'water', format: 'ndjson' }, [
      JSON.stringify({ device_id: 'plc-7', metric: 'plc_program', value: 1, state: 'download' }),
    ]);
    await city.services.detection.catchUp();
    const after = await coverage('ics');
    expect(
      after.tactics.find((t) => t.shortname === 'lateral-movement')?.techniques.find((t) => t.id === 'T0843'),
    ).toMatchObject({ alerts_30d: 1 });
    // Counted in the reader's departments only.
    const energy = await app.inject({
      url: '/api/attack/techniques/T0843',
      headers: await bearer(city.services, 'read', 'energy'),
    });
    expect(energy.json()).toMatchObject({ alerts_30d: 0 });

    const technique = await app.inject({ url: '/api/attack/techniques/t0843', headers });
    expect(technique.json()).toMatchObject({
      id: 'T0843',
      name: 'Program Download',
      domain: 'ics',
      tactics: ['lateral-movement'],
      url: 'https://attack.mitre.org/techniques/T0843',
      rules: [{ id: '7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a05', title: 'PLC program or firmware changed' }],
      alerts_30d: 1,
    });
    expect((await app.inject({ url: '/api/attack/techniques/T9999', headers })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/attack/techniques/../../x', headers })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/attack/coverage?domain=mobile', headers })).statusCode).toBe(400);
  });
});
