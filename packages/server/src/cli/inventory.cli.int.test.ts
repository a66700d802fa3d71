import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-runner.ts';
import { SMALL_CITY_YAML } from '../testing/inventory-fixture.ts';
import { testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';

describe.each(testDatabaseKinds())('citysoc inventory and impact on $kind', (kind) => {
  let database: TestDatabase;
  let file: string;
  beforeEach(async () => {
    database = await kind.create();
    file = path.join(mkdtempSync(path.join(tmpdir(), 'citysoc-inventory-')), 'city.yaml');
    writeFileSync(file, SMALL_CITY_YAML);
  });
  afterEach(() => database.drop());
  const citysoc = (args: string[], input?: string) => runCli(database.config, args, input);

  it('imports a file, answers impact --json in the contract shape, and exports what it imported', async () => {
    const imported = await citysoc(['inventory', 'import', file]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ services: { created: 2 }, assets: { created: 5 } });

    const impact = await citysoc([
      'impact',
      '--asset',
      'scada-1',
      '--asset',
      'scada-2',
      '--action',
      'offline',
      '--json',
    ]);
    expect(impact.code).toBe(0);
    const answer = JSON.parse(impact.stdout) as Record<string, unknown>;
    expect(answer).toMatchObject({
      services: [{ id: 'water-supply', state: 'down', population: 250_000 }],
      population_affected: 250_000,
    });
    expect(Object.keys((answer.services as object[])[0] as object)).toEqual(
      expect.arrayContaining(['id', 'state', 'population', 'path']),
    );

    const exported = await citysoc(['inventory', 'export']);
    expect(exported.stdout).toContain('id: water-supply');
    const reimported = await citysoc(['inventory', 'import', '-'], exported.stdout);
    expect(JSON.parse(reimported.stdout)).toMatchObject({ services: { created: 0, updated: 2 } });
  });

  it('refuses a bad file with exit code 2, naming the line and reason of every problem', async () => {
    writeFileSync(
      file,
      SMALL_CITY_YAML.replace('{service: power-grid}', '{service: power-grld}').replace('need: 1', 'need: 3'),
    );
    const result = await citysoc(['inventory', 'import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line \d+ \(services\.1\.depends_on\.1\.need\): need 3 is more than its 2 members/);
    const listed = await citysoc(['inventory', 'export', '--format', 'json']);
    expect(JSON.parse(listed.stdout)).toMatchObject({ services: [], assets: [] });
  });
});
