import { ConflictError, InputError, NotAllowedError, NotFoundError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { formatInventory, parseInventoryDocument, readInventoryText, withLines } from './index.ts';

/** Imports text as the CLI and the API do, with line numbers on refusals. */
async function importText(city: TestCity, text: string, actor = SYSTEM_PRINCIPAL) {
  const file = readInventoryText(text);
  try {
    return await city.services.inventory.importDocument(actor, parseInventoryDocument(file));
  } catch (error) {
    throw withLines(error, file);
  }
}

function problemsOf(error: unknown): { line?: number; reason: string }[] {
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError & { details: { problems: { line?: number; reason: string }[] } }).details.problems;
}

describe.each(testDatabaseKinds())('inventory on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
  });
  afterEach(() => city.dispose());

  it('imports the file format and exports it back to the same objects', async () => {
    const summary = await importText(city, SMALL_CITY_YAML);
    expect(summary.services.created).toBe(2);
    expect(summary.assets.created).toBe(5);
    const service = await city.services.inventory.getService(SYSTEM_PRINCIPAL, 'water-supply');
    expect(service).toMatchObject({ rto: 14_400, rpo: 900, population: 250_000, criticality: 'critical' });
    expect(service.depends_on[1]).toEqual({ assets: ['scada-1', 'scada-2'], need: 1 });

    const exported = formatInventory(await city.services.inventory.exportDocument(SYSTEM_PRINCIPAL), 'yaml');
    expect(exported).toContain('rto: 4h');
    expect(exported).toContain('report_interval: 1m');
    const again = await importText(city, exported);
    expect(again.services).toEqual({ created: 0, updated: 2 });
    expect(again.assets).toEqual({ created: 0, updated: 5 });
    expect(await city.services.inventory.getService(SYSTEM_PRINCIPAL, 'water-supply')).toMatchObject({
      depends_on: service.depends_on,
      rto: 14_400,
    });
    const byId = (text: string) => {
      const document = parseInventoryDocument(readInventoryText(text));
      const sort = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
      return {
        departments: sort(document.departments),
        services: sort(document.services),
        assets: sort(document.assets),
      };
    };
    expect(byId(exported)).toEqual(byId(SMALL_CITY_YAML));
  });

  it('audits every object an import creates', async () => {
    await importText(city, SMALL_CITY_YAML);
    const actions = (await city.services.audit.list(SYSTEM_PRINCIPAL, { limit: 50 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'asset.create')).toHaveLength(5);
    expect(actions.filter((a) => a === 'service.create')).toHaveLength(2);
    expect(actions).toContain('inventory.import');
    expect((await city.services.audit.verify()).ok).toBe(true);
  });

  it('refuses an unknown dependency with its line, and writes nothing', async () => {
    const text = SMALL_CITY_YAML.replace('{asset: historian-db, soft: true}', '{asset: historian-xx, soft: true}');
    const error = await importText(city, text).catch((e: unknown) => e);
    const lines = text.split('\n');
    const problems = problemsOf(error);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.reason).toBe("unknown asset 'historian-xx'");
    expect(lines[(problems[0]?.line ?? 0) - 1]).toContain('historian-xx');
    expect(await city.services.inventory.listAssets(SYSTEM_PRINCIPAL)).toEqual([]);
  });

  it('refuses a cycle that makes a service depend on itself', async () => {
    const text = SMALL_CITY_YAML.replace(
      '      - {asset: grid-scada}',
      '      - {asset: grid-scada}\n      - {service: water-supply}',
    );
    const problems = problemsOf(await importText(city, text).catch((e: unknown) => e));
    expect(problems[0]?.reason).toMatch(/^dependency cycle: .*service 'water-supply'.*service 'power-grid'/);
    expect(await city.services.inventory.listServices(SYSTEM_PRINCIPAL)).toEqual([]);
  });

  it('refuses invalid values, each with its line', async () => {
    const text = SMALL_CITY_YAML.replace(
      'criticality: critical\n    population: 250000',
      'criticality: vital\n    population: -5',
    ).replace('ip: [10.20.0.12]', 'ip: [10.20.0.999]');
    const problems = problemsOf(await importText(city, text).catch((e: unknown) => e));
    const lines = text.split('\n');
    const quoted = problems.map((p) => lines[(p.line ?? 0) - 1]?.trim());
    expect(quoted).toEqual(expect.arrayContaining(['criticality: vital', 'population: -5', 'ip: [10.20.0.999]']));
  });

  it('refuses a YAML alias bomb instead of expanding it', async () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect(() => readInventoryText(bomb)).toThrow(InputError);
  });

  it('keeps each department to its own assets', async () => {
    await importText(city, SMALL_CITY_YAML);
    const waterAdmin = await city.addUser('wsys', 'sysadmin', ['water']);
    expect((await city.services.inventory.listAssets(waterAdmin)).map((a) => a.id)).not.toContain('grid-scada');
    await expect(city.services.inventory.getAsset(waterAdmin, 'grid-scada')).rejects.toThrow(NotFoundError);
    await expect(
      city.services.inventory.saveAsset(
        waterAdmin,
        { id: 'meter-1', name: 'Meter', type: 'sensor', department: 'energy' },
        'create',
      ),
    ).rejects.toThrow(/not one of yours/);
    const created = await city.services.inventory.saveAsset(
      waterAdmin,
      { id: 'meter-1', name: 'Meter', type: 'sensor', department: 'water', depends_on: [{ asset: 'core-switch-1' }] },
      'create',
    );
    expect(created.status).toBe('operational');
  });

  it('lets only inventory managers change it', async () => {
    await importText(city, SMALL_CITY_YAML);
    const operator = await city.addUser('op', 'soc_operator');
    await expect(
      city.services.inventory.saveAsset(
        operator,
        { id: 'x', name: 'X', type: 'sensor', department: 'water' },
        'create',
      ),
    ).rejects.toThrow(NotAllowedError);
  });

  it('refuses to delete what others still depend on', async () => {
    await importText(city, SMALL_CITY_YAML);
    await expect(city.services.inventory.removeAsset(SYSTEM_PRINCIPAL, 'core-switch-1')).rejects.toThrow(ConflictError);
    await city.services.inventory.removeService(SYSTEM_PRINCIPAL, 'water-supply');
    await city.services.inventory.removeAsset(SYSTEM_PRINCIPAL, 'historian-db');
    await expect(city.services.inventory.getAsset(SYSTEM_PRINCIPAL, 'historian-db')).rejects.toThrow(NotFoundError);
  });

  it('refuses to delete a department that still owns assets', async () => {
    await importText(city, SMALL_CITY_YAML);
    await expect(city.services.departments.remove(SYSTEM_PRINCIPAL, 'energy')).rejects.toThrow(ConflictError);
  });

  it('answers what-ifs over the whole city and counts residents', async () => {
    await importText(city, SMALL_CITY_YAML);
    const one = await city.services.impact.whatIf(SYSTEM_PRINCIPAL, { asset: ['scada-1'], action: 'offline' });
    expect(one.services).toEqual([
      expect.objectContaining({
        id: 'water-supply',
        state: 'degraded',
        population: 250_000,
        path: ['scada-1', 'water-supply'],
      }),
    ]);
    expect(one.population_affected).toBe(250_000);

    const grid = await city.services.impact.whatIf(SYSTEM_PRINCIPAL, { asset: ['grid-scada'], action: 'isolate' });
    expect(grid.services.map((s) => [s.id, s.state])).toEqual([
      ['power-grid', 'down'],
      ['water-supply', 'down'],
    ]);
    expect(grid.population_affected).toBe(850_000);
    expect(grid.services[1]?.path).toEqual(['grid-scada', 'power-grid', 'water-supply']);
  });

  it('counts, but does not show, services of departments the caller may not see', async () => {
    await importText(city, SMALL_CITY_YAML);
    const energyAdmin = await city.addUser('esys', 'sysadmin', ['energy']);
    const answer = await city.services.impact.whatIf(energyAdmin, { asset: ['grid-scada'], action: 'offline' });
    expect(answer.services.map((s) => s.id)).toEqual(['power-grid']);
    expect(answer.other_departments).toEqual({ services: 1, assets: 0, population: 250_000 });
    await expect(city.services.impact.whatIf(energyAdmin, { asset: ['scada-1'], action: 'offline' })).rejects.toThrow(
      NotFoundError,
    );
  });

  it('takes assets already isolated into account, and audits the isolation', async () => {
    await importText(city, SMALL_CITY_YAML);
    const responder = await city.addUser('resp', 'responder', ['water']);
    await city.services.inventory.setAssetStatus(responder, 'scada-1', 'isolated', 'ransomware note on console');
    const now = await city.services.impact.now(SYSTEM_PRINCIPAL);
    expect(now.services.map((s) => [s.id, s.state])).toEqual([['water-supply', 'degraded']]);
    const both = await city.services.impact.whatIf(SYSTEM_PRINCIPAL, { asset: ['scada-2'], action: 'offline' });
    expect(both.services.map((s) => [s.id, s.state])).toEqual([['water-supply', 'down']]);
    const restored = await city.services.impact.whatIf(SYSTEM_PRINCIPAL, { asset: ['scada-1'], action: 'restore' });
    expect(restored.services).toEqual([]);
    const entry = (await city.services.audit.list(SYSTEM_PRINCIPAL, { limit: 1 }))[0];
    expect(entry).toMatchObject({ action: 'asset.status', targetId: 'scada-1' });
  });

  it('names the services an asset supports', async () => {
    await importText(city, SMALL_CITY_YAML);
    const supported = await city.services.impact.servicesOf(SYSTEM_PRINCIPAL, 'grid-scada');
    expect(supported.map((s) => s.id).sort()).toEqual(['power-grid', 'water-supply']);
  });
});
