import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from './server.ts';
import type { HttpServer } from './platform/http/http-server.ts';
import { createTestCity, TEST_PASSWORD, type TestCity } from './testing/test-city.ts';
import { testDatabaseKinds } from './testing/test-databases.ts';

interface Session {
  cookie: string;
  csrf: string;
}

const errorOf = (response: LightMyRequestResponse) =>
  (response.json() as { error: { code: string; message: string } }).error;

describe.each(testDatabaseKinds())('HTTP API on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;

  beforeEach(async () => {
    city = await createTestCity(kind, { bodyLimit: 64 * 1024, loginMaxFailuresPerUser: 3 });
    app = await createApp(city.services);
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  async function login(username: string): Promise<Session> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'citysoc_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    return { cookie: `citysoc_session=${cookie!.value}`, csrf: (response.json() as { csrfToken: string }).csrfToken };
  }

  describe('system', () => {
    it('reports health without authentication', async () => {
      const response = await app.inject({ url: '/api/health' });
      expect(response.json()).toMatchObject({ status: 'ok', store: kind.kind, bus: 'memory', version: '0.1.0' });
    });

    it('publishes an OpenAPI document generated from the route schemas', async () => {
      const doc = (await app.inject({ url: '/api/openapi.json' })).json() as {
        openapi: string;
        paths: Record<
          string,
          Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>
        >;
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/departments', '/api/tokens', '/api/audit/verify']),
      );
      const body = doc.paths['/api/users']?.post?.requestBody?.content['application/json']?.schema;
      expect(body?.required).toEqual(expect.arrayContaining(['username', 'password', 'role']));
    });

    it('sends security headers', async () => {
      const response = await app.inject({ url: '/api/health' });
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    });

    it('serves the dashboard for client-side routes, to GET and HEAD', async () => {
      const page = await app.inject({ url: '/administration/users' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain('<div id="root">');
      expect((await app.inject({ method: 'HEAD', url: '/administration' })).statusCode).toBe(200);
    });

    it('answers unknown API paths with a JSON 404', async () => {
      const response = await app.inject({ url: '/api/nothing-here' });
      expect(response.statusCode).toBe(404);
      expect(errorOf(response).code).toBe('not_found');
    });
  });

  describe('authentication', () => {
    it('requires authentication for the API', async () => {
      const response = await app.inject({ url: '/api/departments' });
      expect(response.statusCode).toBe(401);
      expect(errorOf(response).code).toBe('unauthenticated');
    });

    it('gives the same answer for a wrong password and an unknown user', async () => {
      await city.addUser('alice', 'sysadmin');
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'alice', password: 'nope-nope-nope' },
      });
      const unknown = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'ghost', password: 'nope-nope-nope' },
      });
      expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
      expect(wrong.body).toBe(unknown.body);
    });

    it('answers throttled logins with 429 and Retry-After', async () => {
      await city.addUser('alice', 'sysadmin');
      for (let i = 0; i < 3; i += 1) {
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'alice', password: 'nope-nope-nope' },
        });
      }
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'alice', password: TEST_PASSWORD },
      });
      expect(response.statusCode).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('requires the CSRF token for state changes made with the session cookie', async () => {
      await city.addUser('root', 'admin');
      const session = await login('root');
      const payload = { id: 'parks', name: 'Parks' };
      const without = await app.inject({
        method: 'POST',
        url: '/api/departments',
        headers: { cookie: session.cookie },
        payload,
      });
      expect(without.statusCode).toBe(403);
      const forged = await app.inject({
        method: 'POST',
        url: '/api/departments',
        headers: { cookie: session.cookie, 'x-csrf-token': 'forged' },
        payload,
      });
      expect(forged.statusCode).toBe(403);
      const ok = await app.inject({
        method: 'POST',
        url: '/api/departments',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        payload,
      });
      expect(ok.statusCode).toBe(201);
    });

    it('ends the session on logout', async () => {
      await city.addUser('alice', 'sysadmin');
      const session = await login('alice');
      const out = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      });
      expect(out.statusCode).toBe(204);
      expect((await app.inject({ url: '/api/auth/session', headers: { cookie: session.cookie } })).statusCode).toBe(
        401,
      );
    });

    it('accepts a bearer token and refuses it once revoked', async () => {
      const { token, apiToken } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 'reader',
        scope: 'read',
        departmentId: 'energy',
        expiresInDays: null,
      });
      const headers = { authorization: `Bearer ${token}` };
      const listed = await app.inject({ url: '/api/departments', headers });
      expect((listed.json() as { id: string }[]).map((d) => d.id)).toEqual(['energy']);
      await city.services.tokens.revoke(SYSTEM_PRINCIPAL, apiToken.id);
      const refused = await app.inject({ url: '/api/departments', headers });
      expect(refused.statusCode).toBe(401);
      expect(errorOf(refused).message).toMatch(/revoked/);
    });

    it('refuses a malformed Authorization header', async () => {
      const response = await app.inject({ url: '/api/departments', headers: { authorization: 'Basic abc' } });
      expect(response.statusCode).toBe(401);
    });

    it('keeps an ingest token out of everything else', async () => {
      const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 'shipper',
        scope: 'ingest',
        departmentId: null,
        expiresInDays: null,
      });
      const response = await app.inject({ url: '/api/departments', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).code).toBe('forbidden');
    });
  });

  describe('department scoping', () => {
    it('shows a department user only their department, and hides the other as not found', async () => {
      await city.addUser('wsys', 'sysadmin', ['water']);
      const { cookie } = await login('wsys');
      const list = await app.inject({ url: '/api/departments', headers: { cookie } });
      expect((list.json() as { id: string }[]).map((d) => d.id)).toEqual(['water']);
      expect((await app.inject({ url: '/api/departments/energy', headers: { cookie } })).statusCode).toBe(404);
      const overview = (await app.inject({ url: '/api/overview', headers: { cookie } })).json() as {
        counts: { departments: number; users: number | null };
      };
      expect(overview.counts).toMatchObject({ departments: 1, users: null });
    });

    it('refuses management to a role without it', async () => {
      await city.addUser('wsys', 'sysadmin', ['water']);
      const session = await login('wsys');
      const response = await app.inject({
        method: 'PATCH',
        url: '/api/departments/water',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        payload: { name: 'Mine now' },
      });
      expect(response.statusCode).toBe(403);
      expect((await city.services.departments.get(SYSTEM_PRINCIPAL, 'water')).name).toBe('Water Utility');
    });
  });

  describe('bad input', () => {
    let admin: Session;
    beforeEach(async () => {
      await city.addUser('root', 'admin');
      admin = await login('root');
    });

    const post = (url: string, payload: string | object, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json', ...headers },
        payload,
      });

    it('answers malformed JSON with 400 malformed_json', async () => {
      const response = await post('/api/departments', '{"id": "x",');
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).code).toBe('malformed_json');
    });

    it('refuses unknown fields, naming them', async () => {
      const response = await post('/api/departments', { id: 'parks', name: 'Parks', budget: 1e9 });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('budget') });
    });

    it('refuses an invalid id and a short password with the reason', async () => {
      expect(errorOf(await post('/api/departments', { id: 'Not A Slug!', name: 'x' })).message).toMatch(/lowercase/);
      const user = await post('/api/users', { username: 'bob', password: 'short', role: 'auditor' });
      expect(errorOf(user).message).toMatch(/at least 12/);
    });

    it('refuses an oversized body with 413 and writes nothing', async () => {
      const response = await post('/api/departments', { id: 'big', name: 'x', description: 'y'.repeat(70 * 1024) });
      expect(response.statusCode).toBe(413);
      expect(errorOf(response).code).toBe('payload_too_large');
      expect((await city.services.departments.list(SYSTEM_PRINCIPAL)).map((d) => d.id)).not.toContain('big');
    });

    it('refuses a non-JSON content type with 415', async () => {
      const response = await post('/api/departments', 'id=x', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(response.statusCode).toBe(415);
    });

    it('answers a duplicate with 409', async () => {
      const response = await post('/api/departments', { id: 'water', name: 'Again' });
      expect(response.statusCode).toBe(409);
      expect(errorOf(response).code).toBe('conflict');
    });
  });

  describe('administration', () => {
    it('creates a token whose secret is shown once and works as a bearer token', async () => {
      await city.addUser('root', 'admin');
      const session = await login('root');
      const created = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        payload: { name: 'auditor script', scope: 'read', departmentId: 'water' },
      });
      expect(created.statusCode).toBe(201);
      const { token } = created.json() as { token: string };
      const listed = await app.inject({ url: '/api/tokens', headers: { cookie: session.cookie } });
      expect(listed.body).not.toContain(token);
      const overview = await app.inject({ url: '/api/overview', headers: { authorization: `Bearer ${token}` } });
      expect((overview.json() as { counts: { departments: number } }).counts.departments).toBe(1);
    });

    it('names the targets of recent activity on the overview', async () => {
      await city.addUser('root', 'admin');
      const { cookie } = await login('root');
      const overview = (await app.inject({ url: '/api/overview', headers: { cookie } })).json() as {
        recentActivity: { action: string; targetType: string; targetLabel: string | null }[];
      };
      expect(overview.recentActivity).toContainEqual(
        expect.objectContaining({ action: 'department.create', targetType: 'department', targetLabel: 'Energy' }),
      );
    });

    it('verifies the audit chain over HTTP', async () => {
      await city.addUser('aud', 'auditor', ['water']);
      const { cookie } = await login('aud');
      const response = await app.inject({ url: '/api/audit/verify', headers: { cookie } });
      expect(response.json()).toMatchObject({ ok: true, firstBroken: null });
    });
  });
});
