import { NotAllowedError, NotFoundError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import { createTestCity, TEST_PASSWORD, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { writeCheckpoint } from './alerts.repository.ts';
import { SHIPPED_RULES_DIR } from './detection-rules.ts';
import { loadRuleDirectory } from './sigma-files.loader.ts';
import { SIGMA_CONSUMER } from './detection.service.ts';

const DOOR_FORCED = {
  device_id: 'door-substation-3',
  metric: 'door',
  value: 1,
  state: 'forced',
  ts: '2026-11-22T03:14:00Z',
};
const HOT = { device_id: 'env-dc-1', metric: 'temperature', value: 41.5, unit: 'C', ts: '2026-11-22T03:15:00Z' };
const NORMAL = { device_id: 'env-dc-1', metric: 'temperature', value: 22, unit: 'C', ts: '2026-11-22T03:16:00Z' };

describe.each(testDatabaseKinds())('detection and alerts on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
    const ingest = city.services.ingest;
    await ingest.ingest({ channel: 'mqtt', departmentId: 'water', format: 'ndjson' }, [DOOR_FORCED, NORMAL]);
    await ingest.ingest({ channel: 'mqtt', departmentId: 'energy', format: 'ndjson' }, [HOT]);
  });
  afterEach(() => city.dispose());

  it('raises one alert per matching event with the rule metadata and the event context', async () => {
    expect(await city.services.detection.catchUp()).toBe(3);
    const alerts = await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 100 });
    expect(alerts.map((a) => [a.rule.title, a.departmentId, a.event.deviceId]).sort()).toEqual([
      ['Door forced open at a city facility', 'water', 'door-substation-3'],
      ['Server room temperature or humidity out of range', 'energy', 'env-dc-1'],
    ]);
    const door = alerts.find((a) => a.event.deviceId === 'door-substation-3');
    expect(door).toMatchObject({
      status: 'new',
      level: 'high',
      timestamp: '2026-11-22T03:14:00.000Z',
      rule: { author: 'CitySOC', tags: expect.arrayContaining(['attack.t0883']) },
    });
  });

  it('reports how far behind the store it is', async () => {
    const shipped = loadRuleDirectory(SHIPPED_RULES_DIR);
    // The stance rule packs (content/rules/intel-hunting, ot-strict) are off at level 1.
    const baseline = (file: string | undefined) => !/^(intel-hunting|ot-strict)[\\/]/.test(file ?? '');
    expect(await city.services.detection.status()).toMatchObject({
      rules: shipped.rules.filter((r) => baseline(r.file)).length,
      refusedRules: 0,
      lag: 3,
      correlations: { rules: shipped.correlations.filter((c) => baseline(c.file)).length, groups: 0 },
    });
    await city.services.detection.catchUp();
    expect(await city.services.detection.status()).toMatchObject({ lag: 0, checkpointSeq: 3, latestSeq: 3 });
  });

  it('never raises the same alert twice when events are read again', async () => {
    await city.services.detection.catchUp();
    await writeCheckpoint(city.services.store.db, SIGMA_CONSUMER, 0, new Date().toISOString());
    expect(await city.services.detection.catchUp()).toBe(3);
    expect(await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 100 })).toHaveLength(2);
  });

  it('resumes from its checkpoint: only new events are read', async () => {
    await city.services.detection.catchUp();
    await city.services.ingest.ingest({ channel: 'http', departmentId: 'water', format: 'ndjson' }, [
      { ...DOOR_FORCED, ts: '2026-11-22T04:00:00Z' },
    ]);
    expect(await city.services.detection.catchUp()).toBe(1);
    expect(await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 100 })).toHaveLength(3);
  });

  it('shows each department only its alerts and lets only triage roles change them, audited', async () => {
    await city.services.detection.catchUp();
    const waterAdmin = await city.addUser('w-sys', 'sysadmin', ['water']);
    const energyResponder = await city.addUser('e-resp', 'responder', ['energy']);
    const [waterAlert] = await city.services.alerts.list(waterAdmin, { limit: 10 });
    expect(waterAlert?.departmentId).toBe('water');
    expect(await city.services.alerts.list(waterAdmin, { limit: 10 })).toHaveLength(1);
    await expect(city.services.alerts.get(energyResponder, waterAlert!.id)).rejects.toThrow(NotFoundError);
    await expect(city.services.alerts.setStatus(waterAdmin, waterAlert!.id, 'closed')).rejects.toThrow(NotAllowedError);
    const waterResponder = await city.addUser('w-resp', 'responder', ['water']);
    const acknowledged = await city.services.alerts.setStatus(waterResponder, waterAlert!.id, 'acknowledged');
    expect(acknowledged).toMatchObject({ status: 'acknowledged', statusChangedBy: 'w-resp' });
    const [entry] = await city.services.audit.list(SYSTEM_PRINCIPAL, { limit: 1 });
    expect(entry).toMatchObject({ action: 'alert.acknowledge', targetId: waterAlert!.id, departmentId: 'water' });
  });

  it('serves alerts over HTTP with filters', async () => {
    await city.services.detection.catchUp();
    const app = await createApp(city.services);
    try {
      await city.addUser('soc', 'soc_operator');
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'soc', password: TEST_PASSWORD },
      });
      const cookie = `citysoc_session=${login.cookies.find((c) => c.name === 'citysoc_session')?.value ?? ''}`;
      const csrf = (login.json() as { csrfToken: string }).csrfToken;
      const high = await app.inject({ url: '/api/alerts?level=high', headers: { cookie } });
      const [alert] = high.json() as { id: string; level: string }[];
      expect(high.json()).toHaveLength(1);
      const closed = await app.inject({
        method: 'PATCH',
        url: `/api/alerts/${alert!.id}`,
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { status: 'closed' },
      });
      expect(closed.json()).toMatchObject({ status: 'closed' });
      expect((await app.inject({ url: '/api/alerts?status=new', headers: { cookie } })).json()).toHaveLength(1);
      expect((await app.inject({ url: '/api/alerts/counts', headers: { cookie } })).json()).toEqual({
        new: 1,
        acknowledged: 0,
        escalated: 0,
        closed: 1,
      });
      // Escalation happens by linking an alert to an incident, never by setting the status.
      const escalate = await app.inject({
        method: 'PATCH',
        url: `/api/alerts/${alert!.id}`,
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { status: 'escalated' },
      });
      expect(escalate.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
