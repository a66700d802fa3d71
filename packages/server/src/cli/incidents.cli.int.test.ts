import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices } from '../main.ts';
import { runCli } from '../testing/cli-runner.ts';
import { testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';

describe.each(testDatabaseKinds())('citysoc incidents on $kind', (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await kind.create();
    const services = await openServices(database.config);
    try {
      await services.departments.create(SYSTEM_PRINCIPAL, { id: 'water', name: 'Water', description: '' });
      await services.incidents.create(SYSTEM_PRINCIPAL, { title: 'Pump station break-in', departmentId: 'water' });
      await services.incidents.create(SYSTEM_PRINCIPAL, { title: 'Phishing wave', severity: 'critical' });
    } finally {
      await services.close();
    }
  });
  afterEach(() => database.drop());

  it('lists the queue as JSON, filtered', async () => {
    const all = await runCli(database.config, ['incidents', 'list', '--json']);
    expect(all.code).toBe(0);
    const incidents = JSON.parse(all.stdout) as { ref: string; severity: string; sla: { clocks: unknown[] } }[];
    expect(incidents.map((i) => i.ref).sort()).toEqual(['INC-1', 'INC-2']);
    expect(incidents[0]?.sla.clocks).toHaveLength(3);
    const critical = await runCli(database.config, ['incidents', 'list', '--severity', 'critical', '--json']);
    expect((JSON.parse(critical.stdout) as { title: string }[]).map((i) => i.title)).toEqual(['Phishing wave']);
    const bad = await runCli(database.config, ['incidents', 'list', '--severity', 'dire']);
    expect(bad.code).toBe(2);
  });
});
