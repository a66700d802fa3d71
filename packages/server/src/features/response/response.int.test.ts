import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { createApp } from '../../server.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, TEST_PASSWORD, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';

interface Approval {
  id: string;
  action: string;
  state: string;
  stance_level: number;
  impact: { services: { id: string; state: string }[]; population_affected: number };
}

describe.each(testDatabaseKinds())('response approvals on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;

  /** A logged-in person: the session cookie and CSRF token the web UI sends. */
  async function session(username: string, role: 'soc_operator' | 'responder', departments: string[] = []) {
    await city.addUser(username, role, departments);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: TEST_PASSWORD },
    });
    const cookie = `citysoc_session=${login.cookies.find((c) => c.name === 'citysoc_session')?.value ?? ''}`;
    return { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
  }

  beforeEach(async () => {
    city = await createTestCity(kind);
    app = await createApp(city.services);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)),
    );
    await city.services.city.current();
    await city.services.stance.evaluate();
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  const setStatus = (headers: Record<string, string>, asset: string, status: string, reason: string) =>
    app.inject({ method: 'POST', url: `/api/assets/${asset}/status`, headers, payload: { status, reason } });
  const decide = (headers: Record<string, string>, id: string, approve: boolean, reason: string) =>
    app.inject({
      method: 'POST',
      url: `/api/response/approvals/${id}/decision`,
      headers,
      payload: { approve, reason },
    });
  const status = async (asset: string) => (await city.services.inventory.getAsset(SYSTEM_PRINCIPAL, asset)).status;

  it('holds a shutdown for a second person at every level, with the impact, and applies it on approval', async () => {
    const olga = await session('olga', 'soc_operator');
    const wendy = await session('wendy', 'responder', ['water']);
    const requested = await setStatus(olga, 'scada-1', 'offline', 'Ransomware note on the HMI');
    expect(requested.statusCode).toBe(202);
    const { approval } = requested.json() as { approval: Approval };
    expect(approval).toMatchObject({ action: 'shutdown_device', state: 'pending', stance_level: 1 });
    // scada-2 still carries the water supply (need 1 of 2): degraded, not down; the requester saw that.
    expect(approval.impact.services).toEqual([expect.objectContaining({ id: 'water-supply', state: 'degraded' })]);
    expect(await status('scada-1')).toBe('operational');

    // Not by the requester, not by a script, and not by someone outside the department.
    expect((await decide(olga, approval.id, true, 'looks right')).statusCode).toBe(403);
    const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
      name: 'soar',
      scope: 'admin',
      departmentId: null,
      expiresInDays: null,
    });
    expect((await decide({ authorization: `Bearer ${token}` }, approval.id, true, 'auto')).statusCode).toBe(403);
    const eric = await session('eric', 'responder', ['energy']);
    expect((await decide(eric, approval.id, true, 'ok')).statusCode).toBe(404);

    const approved = await decide(wendy, approval.id, true, 'Confirmed with the plant manager; scada-2 carries on');
    expect(approved.json()).toMatchObject({ state: 'approved', decided_by: 'wendy' });
    expect(await status('scada-1')).toBe('offline');
    expect((await decide(wendy, approval.id, false, 'again')).statusCode).toBe(400);
    const audit = await city.services.audit.list(SYSTEM_PRINCIPAL, {
      limit: 20,
      target: { type: 'asset', id: 'scada-1' },
    });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['response.request', 'response.approve', 'asset.status']),
    );
    // Restoring never waits for approval.
    expect((await setStatus(olga, 'scada-1', 'operational', 'Cleaned and restored')).statusCode).toBe(200);
    expect(await status('scada-1')).toBe('operational');
  });

  it('lets the requester withdraw a pending action, which then can no longer be approved', async () => {
    const olga = await session('olga', 'soc_operator');
    const wendy = await session('wendy', 'responder', ['water']);
    const eric = await session('eric', 'responder', ['energy']);
    const decided: unknown[] = [];
    city.services.bus.subscribe('response.decided', (message) => {
      decided.push(message);
    });
    const { approval } = (await setStatus(olga, 'scada-1', 'offline', 'Ransomware note')).json() as {
      approval: Approval;
    };
    const withdraw = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/api/response/approvals/${approval.id}/withdraw`,
        headers,
        payload: { reason: 'The note was a phishing test' },
      });
    expect((await withdraw(eric)).statusCode).toBe(404);
    expect((await withdraw(olga)).json()).toMatchObject({ state: 'withdrawn', decided_by: 'olga' });
    expect((await decide(wendy, approval.id, true, 'too late')).statusCode).toBe(400);
    expect((await withdraw(olga)).statusCode).toBe(400);
    expect(await status('scada-1')).toBe('operational');
    expect(decided).toEqual([{ id: approval.id, state: 'withdrawn' }]);
  });

  it('expires an action nobody decided within 24 hours, and says so on the bus', async () => {
    const olga = await session('olga', 'soc_operator');
    const decided: unknown[] = [];
    city.services.bus.subscribe('response.decided', (message) => {
      decided.push(message);
    });
    const { approval } = (await setStatus(olga, 'scada-1', 'offline', 'Ransomware note')).json() as {
      approval: Approval;
    };
    expect(await city.services.response.expireStale()).toBe(0);
    await city.services.store.db
      .updateTable('response_approvals')
      .set({ requested_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
      .execute();
    expect(await city.services.response.expireStale()).toBe(1);
    expect(decided).toEqual([{ id: approval.id, state: 'expired' }]);
  });

  it('isolates at once in peacetime, and asks for approval once the stance requires it; a denial changes nothing', async () => {
    const olga = await session('olga', 'soc_operator');
    const wendy = await session('wendy', 'responder', ['water']);
    expect((await setStatus(olga, 'scada-2', 'isolated', 'Beaconing to a C2 address')).statusCode).toBe(200);
    expect(await status('scada-2')).toBe('isolated');
    await setStatus(olga, 'scada-2', 'operational', 'False alarm');

    await city.services.stance.override(SYSTEM_PRINCIPAL, 'city', {
      level: 3,
      justification: 'Regional water utilities under attack',
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const requested = await setStatus(olga, 'scada-2', 'isolated', 'Beaconing again');
    expect(requested.statusCode).toBe(202);
    const { approval } = requested.json() as { approval: Approval };
    expect(approval).toMatchObject({ action: 'isolate', stance_level: 3 });
    const listed = await app.inject({ url: '/api/response/approvals?state=pending', headers: wendy });
    expect((listed.json() as Approval[]).map((a) => a.id)).toEqual([approval.id]);
    const eric = await session('eric', 'responder', ['energy']);
    expect((await app.inject({ url: '/api/response/approvals', headers: eric })).json()).toEqual([]);

    expect((await decide(wendy, approval.id, false, 'The beacon is the vendor update server')).json()).toMatchObject({
      state: 'denied',
    });
    expect(await status('scada-2')).toBe('operational');
  });
});
