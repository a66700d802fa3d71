import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { doorForced, importIncidentCity, logIn, raiseAlerts, type Session } from './incident-test-city.ts';

describe.each(testDatabaseKinds())('incidents API on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let operator: Session;
  let energyResponder: Session;
  let alertId: string;

  beforeEach(async () => {
    city = await createTestCity(kind);
    await importIncidentCity(city);
    app = await createApp(city.services);
    await city.addUser('olga', 'soc_operator');
    await city.addUser('erik', 'responder', ['energy']);
    operator = await logIn(app, 'olga');
    energyResponder = await logIn(app, 'erik');
    alertId = (await raiseAlerts(city, 'water', [doorForced('plant-door', '2026-03-01T08:00:00Z')]))[0]!.id;
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  const post = (url: string, headers: Session, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: { ...headers }, payload: payload as Record<string, unknown> });
  const patch = (url: string, headers: Session, payload: unknown) =>
    app.inject({ method: 'PATCH', url, headers: { ...headers }, payload: payload as Record<string, unknown> });

  it('escalates an alert, works the case over HTTP, and lists it with its SLA', async () => {
    const created = await post('/api/incidents', operator, {
      title: '<img src=x onerror=alert(1)>',
      alertIds: [alertId],
    });
    expect(created.statusCode).toBe(201);
    const { id, title } = created.json<{ id: string; title: string }>();
    expect(title).toBe('<img src=x onerror=alert(1)>');
    expect((await post(`/api/incidents/${id}/tasks`, operator, { title: 'Check the lock' })).statusCode).toBe(201);
    expect((await post(`/api/incidents/${id}/comments`, operator, { body: 'On site' })).statusCode).toBe(201);
    const observable = await post(`/api/incidents/${id}/observables`, operator, {
      type: 'device',
      value: 'plant-door',
    });
    expect(observable.statusCode).toBe(201);
    expect(
      (await patch(`/api/incidents/${id}`, operator, { status: 'containment', reason: 'door secured' })).statusCode,
    ).toBe(200);
    const list = await app.inject({ url: '/api/incidents?status=open', headers: { ...operator } });
    expect(list.statusCode).toBe(200);
    const [row] = list.json<{ status: string; sla: { clocks: { target: string; state: string }[] } }[]>();
    expect(row?.status).toBe('containment');
    expect(row?.sla.clocks.map((c) => [c.target, c.state])).toEqual([
      ['acknowledge', 'met'],
      ['contain', 'running'],
      ['resolve', 'running'],
    ]);
  });

  it("answers 404 to another department's responder, for reading and for changing", async () => {
    const { id } = (await post('/api/incidents', operator, { title: 'Plant', alertIds: [alertId] })).json<{
      id: string;
    }>();
    expect((await app.inject({ url: `/api/incidents/${id}`, headers: { ...energyResponder } })).statusCode).toBe(404);
    expect((await patch(`/api/incidents/${id}`, energyResponder, { title: 'x' })).statusCode).toBe(404);
    expect((await post(`/api/incidents/${id}/tasks`, energyResponder, { title: 'x' })).statusCode).toBe(404);
    expect((await post(`/api/incidents/${id}/alerts`, energyResponder, { alertIds: [alertId] })).statusCode).toBe(404);
    const list = await app.inject({ url: '/api/incidents', headers: { ...energyResponder } });
    expect(list.json()).toEqual([]);
  });

  it('shares the case with the energy department over HTTP, and the share ends with a 204 for its responder', async () => {
    const { id } = (await post('/api/incidents', operator, { title: 'Plant', alertIds: [alertId] })).json<{
      id: string;
    }>();
    const shared = await post(`/api/incidents/${id}/shares`, operator, { departmentId: 'energy', reason: 'pumps' });
    expect(shared.statusCode).toBe(200);
    expect(shared.json<{ sharedWith: { departmentId: string }[] }>().sharedWith).toEqual([
      expect.objectContaining({ departmentId: 'energy' }),
    ]);
    expect((await app.inject({ url: `/api/incidents/${id}`, headers: { ...energyResponder } })).statusCode).toBe(200);
    const ended = await app.inject({
      method: 'DELETE',
      url: `/api/incidents/${id}/shares/energy`,
      headers: { ...energyResponder },
    });
    expect(ended.statusCode).toBe(204);
    expect((await app.inject({ url: `/api/incidents/${id}`, headers: { ...energyResponder } })).statusCode).toBe(404);
  });

  it('refuses hostile input with clear 400s', async () => {
    const oversized = await post('/api/incidents', operator, { title: 'x'.repeat(301), departmentId: 'water' });
    expect(oversized.statusCode).toBe(400);
    expect(oversized.json<{ error: { message: string } }>().error.message).toMatch(/title/);
    const unknown = await post('/api/incidents', operator, { title: 'x', departmentId: 'water', owner: 'me' });
    expect(unknown.statusCode).toBe(400);
    const badTechnique = await post('/api/incidents', operator, {
      title: 'x',
      departmentId: 'water',
      techniques: ['rm -rf'],
    });
    expect(badTechnique.statusCode).toBe(400);
    const { id } = (await post('/api/incidents', operator, { title: 'ok', departmentId: 'water' })).json<{
      id: string;
    }>();
    const skip = await patch(`/api/incidents/${id}`, operator, { status: 'recovery' });
    expect(skip.statusCode).toBe(400);
    expect(skip.json<{ error: { message: string } }>().error.message).toContain("cannot move from 'new' to 'recovery'");
    expect((await patch(`/api/incidents/${id}`, operator, {})).statusCode).toBe(400);
    expect((await patch(`/api/incidents/${id}`, operator, { status: 'bogus' })).statusCode).toBe(400);
    expect(
      (await post(`/api/incidents/${id}/observables`, operator, { type: 'ip', value: 'x'.repeat(5000) })).statusCode,
    ).toBe(400);
    expect((await post(`/api/incidents/${id}/comments`, operator, { body: 'x'.repeat(20_001) })).statusCode).toBe(400);
    expect((await app.inject({ url: `/api/incidents/${'a'.repeat(100)}`, headers: { ...operator } })).statusCode).toBe(
      400,
    );
    expect((await app.inject({ url: '/api/incidents?limit=100000', headers: { ...operator } })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/incidents' })).statusCode).toBe(401);
  });

  it('documents every incidents route in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags?: string[] }>>;
    }>();
    // Other features hang their own sub-resources under an incident (playbook runs, reports) with their own tags.
    const incidentPaths = Object.keys(document.paths).filter(
      (p) =>
        (p.startsWith('/api/incidents') || p.startsWith('/api/teams') || p === '/api/incident-templates') &&
        !/playbook|report|metrics|lessons/.test(p),
    );
    expect(incidentPaths.length).toBeGreaterThanOrEqual(8);
    for (const p of incidentPaths) {
      for (const operation of Object.values(document.paths[p]!)) expect(operation.tags).toEqual(['incidents']);
    }
  });

  it('manages teams: city-wide for city-wide roles, departments for their own responders', async () => {
    const soc = await post('/api/teams', operator, { name: 'OT/SCADA', departmentId: null });
    expect(soc.statusCode).toBe(201);
    expect((await post('/api/teams', operator, { name: 'ot/scada' })).statusCode).toBe(409);
    expect((await post('/api/teams', energyResponder, { name: 'Grid network' })).statusCode).toBe(400);
    expect(
      (await post('/api/teams', energyResponder, { name: 'Grid network', departmentId: 'energy' })).statusCode,
    ).toBe(201);
    expect((await post('/api/teams', energyResponder, { name: 'Water', departmentId: 'water' })).statusCode).toBe(400);
    await post('/api/teams', operator, { name: 'Water network', departmentId: 'water' });
    const seen = (await app.inject({ url: '/api/teams', headers: { ...energyResponder } })).json<{ name: string }[]>();
    expect(seen.map((t) => t.name)).toEqual(['Grid network', 'OT/SCADA']);
  });
});
