import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-runner.ts';
import { SMALL_CITY_YAML } from '../testing/inventory-fixture.ts';
import { testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';

describe.each(testDatabaseKinds())('citysoc posture on $kind', (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await kind.create();
  });
  afterEach(() => database.drop());
  const citysoc = (args: string[]) => runCli(database.config, args);

  it('prints the posture in the contract shape, and the gaps as a table', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'citysoc-posture-')), 'city.yaml');
    writeFileSync(file, SMALL_CITY_YAML);
    expect((await citysoc(['inventory', 'import', file])).code).toBe(0);

    const json = await citysoc(['posture', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      city: { score: number; directions: Record<string, number | null> };
      departments: { id: string }[];
      gaps: { control: string; target: { id: string } }[];
    };
    expect(Object.keys(report.city.directions).sort()).toEqual([
      'data_application',
      'management',
      'network',
      'physical',
      'system',
    ]);
    expect(report.city.score).toBeGreaterThanOrEqual(0);
    expect(report.departments.map((d) => d.id).sort()).toEqual(['energy', 'water']);
    // Nothing has reported yet: every server lacks anti-malware evidence.
    expect(
      report.gaps
        .filter((g) => g.control === 'SYS-AV-01')
        .map((g) => g.target.id)
        .sort(),
    ).toEqual(['grid-scada', 'scada-1', 'scada-2']);

    const water = JSON.parse((await citysoc(['posture', '--json', '--department', 'water'])).stdout) as typeof report;
    expect(water.departments.map((d) => d.id)).toEqual(['water']);
    expect(water.gaps.every((g) => g.target.id !== 'grid-scada')).toBe(true);

    const table = await citysoc(['posture']);
    expect(table.stdout).toMatch(/^scope\s+score\s+physical/m);
    expect(table.stdout).toMatch(/SYS-AV-01\s+scada-1\s+water\s+missing/);
    expect((await citysoc(['posture', '--department', 'no-such'])).code).not.toBe(0);
  }, 60_000);
});
