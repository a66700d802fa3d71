import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { bearer as bearerOf } from '../../testing/bearer.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

describe.each(testDatabaseKinds())('inventory API on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let admin: Record<string, string>;

  const bearer = (scope: 'admin' | 'read', departmentId: string | null) => bearerOf(city.services, scope, departmentId);

  beforeEach(async () => {
    city = await createTestCity(kind);
    app = await createApp(city.services);
    admin = await bearer('admin', null);
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  const importYaml = (payload: string) =>
    app.inject({
      method: 'POST',
      url: '/api/inventory/import',
      headers: { ...admin, 'content-type': 'application/yaml' },
      payload,
    });

  it('imports YAML, answers impact queries with the contract shape, and exports', async () => {
    const imported = await importYaml(SMALL_CITY_YAML);
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ services: { created: 2 }, assets: { created: 5 } });

    const impact = await app.inject({
      url: '/api/impact?asset=scada-1&asset=scada-2&action=offline',
      headers: admin,
    });
    expect(impact.statusCode).toBe(200);
    expect(impact.json()).toMatchObject({
      services: [{ id: 'water-supply', state: 'down', population: 250_000, path: expect.any(Array) }],
      assets: expect.arrayContaining([{ id: 'scada-1', name: 'SCADA server 1', department: 'water', state: 'down' }]),
      population_affected: 250_000,
    });

    const exported = await app.inject({ url: '/api/inventory/export?format=json', headers: admin });
    expect(exported.headers['content-type']).toMatch(/application\/json/);
    expect((exported.json() as { services: { id: string }[] }).services.map((s) => s.id)).toEqual([
      'power-grid',
      'water-supply',
    ]);
  });

  it('names the line of each problem in a refused import', async () => {
    const response = await importYaml(SMALL_CITY_YAML.replace('type: database', 'type: toaster'));
    expect(response.statusCode).toBe(400);
    const body = response.json() as { error: { message: string; details: { problems: { line: number }[] } } };
    const line = SMALL_CITY_YAML.split('\n').findIndex((l) => l.includes('type: database')) + 1;
    expect(body.error.details.problems.map((p) => p.line)).toEqual([line]);
    expect(body.error.message).toContain(`line ${line}`);
  });

  it('refuses an unknown action and an asset of another department', async () => {
    await importYaml(SMALL_CITY_YAML);
    const bad = await app.inject({ url: '/api/impact?asset=scada-1&action=explode', headers: admin });
    expect(bad.statusCode).toBe(400);
    const energyReader = await bearer('read', 'energy');
    const hidden = await app.inject({ url: '/api/impact?asset=scada-1&action=offline', headers: energyReader });
    expect(hidden.statusCode).toBe(404);
    const list = await app.inject({ url: '/api/assets', headers: energyReader });
    expect((list.json() as { id: string }[]).map((a) => a.id)).toEqual(['grid-scada']);
  });

  it('creates, replaces, isolates and deletes an asset over HTTP', async () => {
    await importYaml(SMALL_CITY_YAML);
    const body = {
      id: 'cam-1',
      name: 'Gate camera',
      type: 'camera',
      department: 'water',
      depends_on: [{ asset: 'core-switch-1' }],
    };
    const created = await app.inject({ method: 'POST', url: '/api/assets', headers: admin, payload: body });
    expect(created.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/assets', headers: admin, payload: body })).statusCode).toBe(
      409,
    );
    const replaced = await app.inject({
      method: 'PUT',
      url: '/api/assets/cam-1',
      headers: admin,
      payload: { ...body, name: 'Main gate camera', zone: 'iot' },
    });
    expect(replaced.json()).toMatchObject({ name: 'Main gate camera', zone: 'iot', status: 'operational' });
    const isolated = await app.inject({
      method: 'POST',
      url: '/api/assets/cam-1/status',
      headers: admin,
      payload: { status: 'isolated', reason: 'scanning the OT network' },
    });
    expect(isolated.json()).toMatchObject({ status: 'isolated' });
    const services = await app.inject({ url: '/api/assets/scada-1/services', headers: admin });
    expect((services.json() as { id: string }[]).map((s) => s.id)).toEqual(['water-supply']);
    expect((await app.inject({ method: 'DELETE', url: '/api/assets/cam-1', headers: admin })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/assets/cam-1', headers: admin })).statusCode).toBe(404);
  });

  it("applies a discovery connector's full and delta mutations to its own assets only", async () => {
    await importYaml(SMALL_CITY_YAML);
    const post = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/inventory/connectors/nmap-ot/mutations', headers: admin, payload });
    const laptop = (id: string) => ({ id, name: id, type: 'endpoint', department: 'water', ip: ['10.20.9.1'] });
    const first = await post({ type: 'full', assets: [laptop('hmi-1'), laptop('hmi-2'), laptop('scada-1')] });
    expect(first.json()).toEqual({
      created: 2,
      updated: 0,
      removed: 0,
      refused: [{ id: 'scada-1', reason: 'kept by hand in the inventory' }],
    });
    const second = await post({ type: 'full', assets: [laptop('hmi-2')] });
    expect(second.json()).toMatchObject({ created: 0, updated: 1, removed: 1 });
    const delta = await post({ type: 'delta', added: [laptop('hmi-3')], removed: ['hmi-2', 'scada-2'] });
    expect(delta.json()).toMatchObject({ created: 1, removed: 1, refused: [{ id: 'scada-2' }] });
    const assets = (await app.inject({ url: '/api/assets?type=endpoint', headers: admin })).json() as {
      id: string;
      discovered_by?: string;
    }[];
    expect(assets.map((a) => [a.id, a.discovered_by])).toEqual([['hmi-3', 'nmap-ot']]);
  });
});
