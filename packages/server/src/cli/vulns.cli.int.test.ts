import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-runner.ts';
import { testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data');
const CITY = `
departments: [{id: water, name: Water Utility}]
services:
  - {id: water-supply, name: Drinking water, department: water, criticality: critical, population: 250000,
     depends_on: [{asset: edge-fw}]}
assets:
  - {id: edge-fw, name: Edge firewall, type: network, department: water, zone: dmz,
     software: ['cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*']}
`;

describe.each(testDatabaseKinds())('citysoc vulns on $kind', (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await kind.create();
  });
  afterEach(() => database.drop());
  const citysoc = (args: string[]) => runCli(database.config, args);

  it('imports KEV and CVE 5 records and prints findings in the contract shape, by priority', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'citysoc-vulns-')), 'city.yaml');
    writeFileSync(file, CITY);
    expect((await citysoc(['inventory', 'import', file])).code).toBe(0);
    expect(
      (await citysoc(['vulns', 'import', path.join(DATA, 'cisa-kev/known_exploited_vulnerabilities.json')])).code,
    ).toBe(0);
    const imported = await citysoc([
      'vulns',
      'import',
      path.join(DATA, 'cve/cvelist-v5-records-from-vulnrichment/2023'),
    ]);
    expect(JSON.parse(imported.stdout)).toMatchObject({ refused: 0 });

    const result = await citysoc(['vulns', 'findings', '--json']);
    expect(result.code).toBe(0);
    const findings = JSON.parse(result.stdout) as Record<string, unknown>[];
    const fortinet = findings.find((f) => f.cve === 'CVE-2023-27997');
    expect(fortinet).toMatchObject({
      asset: 'edge-fw',
      kev: true,
      ssvc: 'Act',
      priority: 'P1',
      services: ['water-supply'],
    });
    for (const key of ['asset', 'cve', 'cvss', 'kev', 'kev_due', 'epss', 'ssvc', 'priority', 'services', 'reason']) {
      expect(Object.keys(fortinet!)).toContain(key);
    }
    const priorities = findings.map((f) => f.priority as string);
    expect(priorities).toEqual([...priorities].sort());
  }, 120_000);
});
