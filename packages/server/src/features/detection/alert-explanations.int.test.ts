import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Alert, type AlertExplanation, NotFoundError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import { createTestCity, TEST_PASSWORD, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { alertRow } from './alert-rows.ts';
import { insertAlerts, readEventsAfter } from './alerts.repository.ts';
import { readEventsFile } from './sigma-files.loader.ts';

const SIGMA = path.resolve(import.meta.dirname, '../../../../../../shared/data/sigma');
const DTRACE_RULE = path.join(SIGMA, 'rules/windows/process_creation/proc_creation_win_dtrace_kernel_dump.yml');
const DTRACE_ID = '7124aebe-4cd7-4ccb-8df0-6d6b93c96795';
const DTRACE_EVENTS = path.join(
  SIGMA,
  `regression_data/rules/windows/process_creation/proc_creation_win_dtrace_kernel_dump/${DTRACE_ID}.json`,
);
const DOOR_RULE = '7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a01';
const BRUTE_FORCE = '7724c39e-961d-4dae-bc80-40fcb3472eaf';

const DOOR_FORCED = {
  device_id: 'door-substation-3',
  metric: 'door',
  value: 1,
  state: 'forced',
  ts: '2026-11-22T03:14:00Z',
};
const sshFailed = (ip: string, user: string, second: number) =>
  `<38>1 2026-11-01T10:00:${String(second).padStart(2, '0')}Z gw-1 sshd 811 - - Failed password for ${user} from ${ip} port 4022 ssh2`;

describe.each(testDatabaseKinds())('alert explanations on $kind', (kind) => {
  let city: TestCity;
  afterEach(() => city.dispose());

  const alertOf = async (rule: string): Promise<Alert> => {
    const [alert] = await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 10, rule });
    expect(alert, `an alert of ${rule}`).toBeDefined();
    return alert!;
  };
  const explain = (alert: Alert) => city.services.detection.explainAlert(SYSTEM_PRINCIPAL, alert.id);

  it('explains a shipped CitySOC rule over an ingested event: the selection, fields and values that held', async () => {
    city = await createTestCity(kind);
    await city.services.ingest.ingest({ channel: 'mqtt', departmentId: 'water', format: 'ndjson' }, [DOOR_FORCED]);
    await city.services.detection.catchUp();
    const alert = await alertOf(DOOR_RULE);
    const explanation = await explain(alert);
    expect(explanation).toMatchObject({
      available: true,
      alertId: alert.id,
      ruleId: DOOR_RULE,
      eventId: alert.eventId,
    });
    if (!explanation.available) throw new Error(explanation.reason);
    expect(explanation.rule).toMatchObject({ matched: true, routed: true, condition: 'selection' });
    expect(explanation.rule?.selections).toEqual([
      {
        name: 'selection',
        matched: true,
        negated: false,
        items: [
          {
            field: 'citysoc.telemetry.metric',
            modifiers: [],
            alternative: 0,
            matched: true,
            matches: [{ value: 'door', eventValue: 'door' }],
          },
          {
            field: 'citysoc.telemetry.state',
            modifiers: [],
            alternative: 0,
            matched: true,
            matches: [{ value: 'forced', eventValue: 'forced' }],
          },
        ],
      },
    ]);
  });

  it('explains a SigmaHQ rule on the Sysmon events of its regression test', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-explain-rules-'));
    copyFileSync(DTRACE_RULE, path.join(dir, path.basename(DTRACE_RULE)));
    city = await createTestCity(kind, { rulesDirs: dir });
    // The rule is tagged attack.discovery, a stance rule pack from level 3 (content/stance/level-3.yml).
    await city.services.stance.evaluate();
    await city.services.stance.override(SYSTEM_PRINCIPAL, 'city', {
      level: 3,
      justification: 'explanations of discovery rules under test',
      until: new Date(Date.now() + 3600_000).toISOString(),
    });
    await city.services.rules.refresh(); // as stance.changed would, without waiting for the bus
    const events: Record<string, unknown>[] = [];
    for await (const { event } of readEventsFile(DTRACE_EVENTS)) events.push(event);
    await city.services.ingest.ingest({ channel: 'http', departmentId: 'water', format: 'ndjson' }, events);
    await city.services.detection.catchUp();
    const alerts = await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 10, rule: DTRACE_ID });
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) {
      const explanation = await explain(alert);
      if (!explanation.available) throw new Error(explanation.reason);
      const rule = explanation.rule!;
      expect(rule).toMatchObject({ ruleId: DTRACE_ID, matched: true, routed: true, condition: '1 of selection*' });
      const plain = rule.selections.find((s) => s.name === 'selection_plain')!;
      expect(plain.matched).toBe(true);
      expect(plain.items.map((i) => [i.field, i.modifiers, i.matches.map((m) => m.value)])).toEqual([
        ['Image', ['endswith'], ['\\dtrace.exe']],
        ['CommandLine', ['contains'], ['lkd(0)']],
      ]);
      expect(plain.items[0]?.matches[0]?.eventValue).toMatch(/\\dtrace\.exe$/i);
    }
  });

  it('explains a correlation alert: its window, and its completing event against the base rule', async () => {
    city = await createTestCity(kind);
    const lines = Array.from({ length: 10 }, (_, i) => sshFailed('203.0.113.9', `user${i}`, i));
    await city.services.ingest.ingest({ channel: 'syslog-tcp', departmentId: 'energy', format: 'lines' }, lines);
    await city.services.detection.catchUp();
    const alert = await alertOf(BRUTE_FORCE);
    const explanation = await explain(alert);
    if (!explanation.available) throw new Error(explanation.reason);
    expect(explanation.rule).toBeUndefined();
    const { rules, ...window } = explanation.correlation!;
    expect(window).toEqual({
      type: 'event_count',
      timespan: '5m',
      group: { 'source.ip': '203.0.113.9' },
      eventIds: alert.correlation?.eventIds,
      eventCount: 10,
    });
    expect(rules.map((r) => [r.ruleId, r.matched])).toEqual([['b066534e-a995-44a4-8b29-8b1479a15c53', true]]);
    const message = rules[0]?.selections[0]?.items.find((i) => i.field === 'message');
    expect(message?.matches).toEqual([
      { value: 'Failed ', eventValue: 'Failed password for user9 from 203.0.113.9 port 4022 ssh2' },
    ]);
  });

  it('says why when it cannot explain: a rule that is not loaded, an event no longer stored', async () => {
    city = await createTestCity(kind);
    await city.services.ingest.ingest({ channel: 'mqtt', departmentId: 'water', format: 'ndjson' }, [DOOR_FORCED]);
    await city.services.detection.catchUp();
    const [stored] = await readEventsAfter(city.services.store.db, 0, 1);
    const gone = { id: 'removed-rule', title: 'Removed', level: 'low', description: null, author: null };
    const event = { ...stored!, document: JSON.parse(stored!.document) as Record<string, unknown> };
    await insertAlerts(city.services.store.db, [
      alertRow({ ...gone, references: [], tags: [], falsepositives: [] }, event, new Date().toISOString(), 'water'),
    ]);
    expect(await explain(await alertOf('removed-rule'))).toMatchObject({
      available: false,
      ruleId: 'removed-rule',
      reason: expect.stringContaining("rule 'removed-rule' is not among the Sigma rules loaded"),
    });

    const door = await alertOf(DOOR_RULE);
    await city.services.store.db.deleteFrom('events').where('id', '=', door.eventId).execute();
    expect(await explain(door)).toEqual({
      available: false,
      alertId: door.id,
      ruleId: DOOR_RULE,
      eventId: door.eventId,
      reason: `event '${door.eventId}' is no longer stored (retention removed it)`,
    });
  });

  it('serves GET /api/alerts/:id/explanation with the alert’s department scoping', async () => {
    city = await createTestCity(kind);
    await city.services.ingest.ingest({ channel: 'mqtt', departmentId: 'water', format: 'ndjson' }, [DOOR_FORCED]);
    await city.services.detection.catchUp();
    const alert = await alertOf(DOOR_RULE);
    const energy = await city.addUser('e-resp', 'responder', ['energy']);
    await expect(city.services.detection.explainAlert(energy, alert.id)).rejects.toThrow(NotFoundError);
    await city.addUser('w-resp', 'responder', ['water']);
    const app = await createApp(city.services);
    try {
      const cookieOf = async (username: string) => {
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: TEST_PASSWORD },
        });
        return `citysoc_session=${login.cookies.find((c) => c.name === 'citysoc_session')?.value ?? ''}`;
      };
      const get = async (username: string, id = alert.id) =>
        app.inject({ url: `/api/alerts/${id}/explanation`, headers: { cookie: await cookieOf(username) } });
      const water = await get('w-resp');
      expect(water.statusCode).toBe(200);
      expect((water.json() as AlertExplanation).available).toBe(true);
      expect(water.json()).toMatchObject({ rule: { matched: true, selections: [{ name: 'selection' }] } });
      expect((await get('e-resp')).statusCode).toBe(404);
      expect((await get('w-resp', 'no-such-alert')).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
