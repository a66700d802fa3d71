import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import { PUMP_PRESSURE_RULE } from '../../testing/fixtures.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

describe.each(testDatabaseKinds())('rules API on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
    const reading = (device: string, value: number, ts: string) => ({
      device_id: device,
      metric: 'pressure',
      value,
      unit: 'bar',
      ts,
    });
    await city.services.ingest.ingest({ channel: 'mqtt', departmentId: 'water', format: 'ndjson' }, [
      reading('pump-1', 9.5, '2026-11-22T10:00:00Z'),
      reading('pump-2', 4.0, '2026-11-22T10:01:00Z'),
      reading('pump-3', 12.0, '2026-11-20T10:00:00Z'),
    ]);
    await city.services.ingest.ingest({ channel: 'mqtt', departmentId: 'energy', format: 'ndjson' }, [
      reading('pump-9', 11.0, '2026-11-22T10:02:00Z'),
    ]);
  });
  afterEach(() => city.dispose());

  it('lists the rules in use', () => {
    const { rules, refused } = city.services.rules.list(SYSTEM_PRINCIPAL);
    expect(rules.map((r) => r.title)).toContain('Door forced open at a city facility');
    expect(refused).toEqual([]);
  });

  it('tests a rule over stored events of a time range, within the caller’s departments, raising nothing', async () => {
    const waterOperator = await city.addUser('w-resp', 'responder', ['water']);
    const result = await city.services.rules.test(waterOperator, {
      yaml: PUMP_PRESSURE_RULE,
      from: '2026-11-22T00:00:00Z',
      maxEvents: 1000,
    });
    expect(result).toMatchObject({ scanned: 2, complete: true, refused: [] });
    expect(result.matches.map((m) => m.timestamp)).toEqual(['2026-11-22T10:00:00.000Z']);
    const everything = await city.services.rules.test(SYSTEM_PRINCIPAL, {
      yaml: PUMP_PRESSURE_RULE,
      from: '2026-11-01T00:00:00Z',
      maxEvents: 1000,
    });
    expect(everything.matches).toHaveLength(3);
    expect(await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 10 })).toEqual([]);
  });

  it('explains a rule it cannot run instead of failing', async () => {
    const result = await city.services.rules.test(SYSTEM_PRINCIPAL, {
      yaml: PUMP_PRESSURE_RULE.replace('value|gt', 'value|bigger'),
      from: '-30d',
      maxEvents: 1000,
    });
    expect(result.rules).toEqual([]);
    expect(result.refused[0]?.reason).toMatch(/bigger/);
  });

  it('serves both over HTTP and refuses oversized rule text', async () => {
    const app = await createApp(city.services);
    try {
      const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 'r',
        scope: 'read',
        departmentId: null,
        expiresInDays: null,
      });
      const headers = { authorization: `Bearer ${token}` };
      expect((await app.inject({ url: '/api/rules', headers })).statusCode).toBe(200);
      const tested = await app.inject({
        method: 'POST',
        url: '/api/rules/test',
        headers,
        payload: { yaml: PUMP_PRESSURE_RULE, from: '-30d' },
      });
      expect(tested.json()).toMatchObject({ matches: expect.any(Array) });
      const huge = await app.inject({
        method: 'POST',
        url: '/api/rules/test',
        headers,
        payload: { yaml: 'x'.repeat(300 * 1024) },
      });
      expect(huge.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });

  it('manages rules over HTTP: state, upload with refusals, delete; read tokens may not', async () => {
    const app = await createApp(city.services);
    try {
      const bearer = async (scope: 'read' | 'admin') => {
        const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
          name: scope,
          scope,
          departmentId: null,
          expiresInDays: null,
        });
        return { authorization: `Bearer ${token}` };
      };
      const admin = await bearer('admin');
      const reader = await bearer('read');
      const DOOR = '7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a01';
      const state = (headers: Record<string, string>, payload: Record<string, unknown>) =>
        app.inject({ method: 'PUT', url: `/api/rules/${DOOR}/state`, headers, payload });
      const off = { department: 'water', enabled: false, reason: 'door sensor under repair' };
      expect((await state(reader, off)).statusCode).toBe(403);
      expect((await state(admin, { department: 'water', enabled: false })).statusCode).toBe(400);
      const changed = await state(admin, off);
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ id: DOOR, state: { disabledFor: [{ department: 'water' }] } });
      const listed = await app.inject({ url: '/api/rules', headers: reader });
      const door = (listed.json() as { rules: { id: string; state: { disabledFor: unknown[] } }[] }).rules.find(
        (r) => r.id === DOOR,
      );
      expect(door?.state.disabledFor).toEqual([{ department: 'water', reason: 'door sensor under repair' }]);

      const upload = (headers: Record<string, string>, yaml: string) =>
        app.inject({ method: 'POST', url: '/api/rules', headers, payload: { yaml } });
      expect((await upload(reader, PUMP_PRESSURE_RULE)).statusCode).toBe(403);
      const accepted = await upload(admin, PUMP_PRESSURE_RULE);
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toMatchObject({ loaded: 1, rejected: 0, rejections: [] });
      const refused = await upload(admin, PUMP_PRESSURE_RULE.replace('value|gt', 'value|bigger'));
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        error: {
          code: 'invalid_input',
          details: { loaded: 0, rejected: 1, rejections: [{ reason: expect.stringMatching(/bigger/) }] },
        },
      });
      expect((await upload(admin, 'x'.repeat(300 * 1024))).statusCode).toBe(400);

      const id = '0b6c1a52-1111-4c7a-9a0e-5e0d7c1f0a01';
      expect((await app.inject({ method: 'DELETE', url: `/api/rules/${id}`, headers: reader })).statusCode).toBe(403);
      expect((await app.inject({ method: 'DELETE', url: `/api/rules/${id}`, headers: admin })).statusCode).toBe(204);
      expect((await app.inject({ method: 'DELETE', url: `/api/rules/${id}`, headers: admin })).statusCode).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: `/api/rules/${DOOR}`, headers: admin })).statusCode).toBe(409);
    } finally {
      await app.close();
    }
  });
});
