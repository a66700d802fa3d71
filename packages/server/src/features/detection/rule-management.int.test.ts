import { type Alert, InputError, NotAllowedError, NotFoundError, SYSTEM_PRINCIPAL, ConflictError } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices } from '../../main.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

const DOOR_FORCED = '7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a01';
const BRUTE_FORCE = '7724c39e-961d-4dae-bc80-40fcb3472eaf';
const MODBUS_DIAGNOSTICS = '5b8f2d34-6a1e-4c39-9f0b-2e7c41a9d302';

const T0 = Date.parse('2026-11-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const door = (device: string, minutes: number) => ({
  device_id: device,
  metric: 'door',
  state: 'forced',
  ts: at(minutes),
});
const failedSsh = (ip: string, user: string, minutes: number) =>
  `<38>1 ${at(minutes)} gw-1 sshd 811 - - Failed password for ${user} from ${ip} port 4022 ssh2`;
/** A Zeek modbus.log record: a diagnostics request to a PLC (the ot-strict pack's rule). */
const modbusDiagnostics = (minutes: number) => ({
  ts: (T0 + minutes * 60_000) / 1000,
  uid: `C${minutes}`,
  'id.orig_h': '10.20.0.99',
  'id.orig_p': 50_000,
  'id.resp_h': '10.20.0.11',
  'id.resp_p': 502,
  _path: 'modbus',
  func: 'DIAGNOSTICS',
  pdu_type: 'REQ',
});

const PUMP_RULE = (id: string, threshold = 8) => `title: Pump pressure above ${threshold} bar
id: ${id}
status: test
logsource: { product: citysoc, category: ot }
detection:
  selection:
    device.id|startswith: pump-
    citysoc.telemetry.value|gt: ${threshold}
  condition: selection
level: high
tags: [attack.t0836]
`;
const UPLOADED = '0b6c1a52-2222-4c7a-9a0e-5e0d7c1f0a01';
const pump = (device: string, value: number, minutes: number) => ({
  device_id: device,
  metric: 'pressure',
  value,
  unit: 'bar',
  ts: at(minutes),
});
const future = () => new Date(Date.now() + 3600_000).toISOString();

describe.each(testDatabaseKinds())('rule management on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
  });
  afterEach(() => city.dispose());

  const telemetry = (departmentId: string, records: Record<string, unknown>[]) =>
    city.services.ingest.ingest({ channel: 'mqtt', departmentId, format: 'ndjson' }, records);
  const alertsOf = async (rule: string): Promise<Alert[]> =>
    city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 500, rule });
  const devicesAlerted = async (rule: string) => (await alertsOf(rule)).map((a) => a.event.deviceId).sort();
  const setState = (department: string | null, enabled: boolean, id = DOOR_FORCED) =>
    city.services.rules.setState(SYSTEM_PRINCIPAL, id, { department, enabled, reason: 'test of rule states' });
  const raiseStance = async (level: 1 | 2 | 3 | 4 | 5) => {
    await city.services.stance.evaluate();
    await city.services.stance.override(SYSTEM_PRINCIPAL, 'city', {
      level,
      justification: 'exercise of the rule packs',
      until: future(),
    });
    await city.services.rules.refresh();
  };

  it('a rule disabled for a department raises alerts for other departments’ events only', async () => {
    const answer = await setState('water', false);
    expect(answer.state).toMatchObject({ enabled: true, active: true, disabledFor: [{ department: 'water' }] });
    await telemetry('water', [door('door-water-1', 0)]);
    await telemetry('energy', [door('door-energy-1', 1)]);
    await city.services.detection.catchUp();
    expect(await devicesAlerted(DOOR_FORCED)).toEqual(['door-energy-1']);
    const audit = await city.services.audit.list(SYSTEM_PRINCIPAL, { limit: 10 });
    expect(audit.find((e) => e.action === 'rule.disable')).toMatchObject({
      targetId: DOOR_FORCED,
      departmentId: 'water',
      details: expect.objectContaining({ reason: 'test of rule states' }),
    });
  });

  it('city-wide disable stops a rule and enable restarts it, in the running service, losing no event', async () => {
    await telemetry('water', [door('door-1', 0)]);
    await city.services.detection.catchUp();
    await setState(null, false);
    expect(city.services.rules.list(SYSTEM_PRINCIPAL).rules.find((r) => r.id === DOOR_FORCED)?.state).toMatchObject({
      enabled: false,
      active: false,
      reason: 'test of rule states',
    });
    await telemetry('water', [door('door-2', 1)]);
    await city.services.detection.catchUp();
    // Committed while the rule is off but read after it is on again: evaluated by the engine in force when read.
    await telemetry('water', [door('door-3', 2)]);
    await setState(null, true);
    await telemetry('water', [door('door-4', 3)]);
    await city.services.detection.catchUp();
    expect(await devicesAlerted(DOOR_FORCED)).toEqual(['door-1', 'door-3', 'door-4']);
    expect((await city.services.detection.status()).lag).toBe(0);
  });

  it('a sysadmin changes the state for their own department only', async () => {
    const sysadmin = await city.addUser('w-admin', 'sysadmin', ['water']);
    const change = (department: string | null) =>
      city.services.rules.setState(sysadmin, DOOR_FORCED, { department, enabled: false, reason: 'noisy door' });
    await expect(change('energy')).rejects.toBeInstanceOf(NotFoundError);
    await expect(change(null)).rejects.toBeInstanceOf(NotAllowedError);
    const own = await change('water');
    expect(own.state.disabledFor).toEqual([{ department: 'water', reason: 'noisy door' }]);
    const responder = await city.addUser('w-resp', 'responder', ['water']);
    await expect(
      city.services.rules.setState(responder, DOOR_FORCED, { department: 'water', enabled: false, reason: 'no' }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    // The energy exception set by the SOC is not shown to the water sysadmin.
    await setState('energy', false);
    const seen = city.services.rules.list(sysadmin).rules.find((r) => r.id === DOOR_FORCED)!;
    expect(seen.state.disabledFor.map((d) => d.department)).toEqual(['water']);
  });

  it('refuses unknown rules and departments', async () => {
    await expect(setState(null, false, 'no-such-rule')).rejects.toBeInstanceOf(NotFoundError);
    await expect(setState('no-such-department', false)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('accepts an uploaded rule that then raises alerts, and refuses bad and hostile documents with reasons', async () => {
    const laughs = [
      'title: Laughs',
      `id: laughs`,
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from(
        { length: 8 },
        (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`,
      ),
      'logsource: { product: citysoc }',
      'detection: { selection: { x: *i }, condition: selection }',
    ].join('\n');
    const redos = PUMP_RULE('redos-rule').replace('device.id|startswith: pump-', () => "device.id|re: '(a+)+$'");
    const yaml = [PUMP_RULE(UPLOADED), 'title: [unclosed', laughs, redos, PUMP_RULE(DOOR_FORCED)].join('\n---\n');
    const report = await city.services.rules.upload(SYSTEM_PRINCIPAL, yaml, null);
    expect(report.loaded).toBe(1);
    expect(report.accepted).toEqual([{ id: UPLOADED, kind: 'rule', replaced: false }]);
    const reasons = report.rejections.map((r) => `${r.file} ${r.id ?? '-'}: ${r.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^document 2 .*invalid YAML/),
        expect.stringMatching(/^document 3 .*(alias|Excessive)/i),
        expect.stringMatching(/^document 4 redos-rule: .*(nested|catastrophic|backtrack|ReDoS|quantifier)/i),
        expect.stringMatching(new RegExp(`^document 5 ${DOOR_FORCED}: .*shipped rule`)),
      ]),
    );
    expect(report.rejected).toBe(4);

    await telemetry('water', [pump('pump-1', 9.5, 0), pump('pump-2', 4, 1)]);
    await city.services.detection.catchUp();
    expect(await devicesAlerted(UPLOADED)).toEqual(['pump-1']);
    const listed = city.services.rules.list(SYSTEM_PRINCIPAL).rules.find((r) => r.id === UPLOADED);
    expect(listed?.state).toMatchObject({ source: 'uploaded', uploadedBy: 'citysoc-cli', active: true, packs: [] });
  });

  it('an uploaded rule carrying a pack tag stays off until the stance enables the pack', async () => {
    const tagged = PUMP_RULE(UPLOADED).replace('tags: [attack.t0836]', 'tags: [attack.impact]');
    await city.services.rules.upload(SYSTEM_PRINCIPAL, tagged, null);
    const state = () => city.services.rules.list(SYSTEM_PRINCIPAL).rules.find((r) => r.id === UPLOADED)?.state;
    expect(state()).toMatchObject({ packs: ['tag:attack.impact'], packEnabled: false, active: false });
    await raiseStance(5);
    expect(state()).toMatchObject({ packEnabled: true, active: true });
  });

  it('re-upload replaces, another process sees it at once on refresh, a restart keeps it, delete removes it', async () => {
    await city.services.rules.upload(SYSTEM_PRINCIPAL, PUMP_RULE(UPLOADED, 8), null);
    const replaced = await city.services.rules.upload(SYSTEM_PRINCIPAL, PUMP_RULE(UPLOADED, 20), null);
    expect(replaced.accepted).toEqual([{ id: UPLOADED, kind: 'rule', replaced: true }]);
    // A second process on the same store (a restart, the CLI): it loads the stored uploads at start.
    const second = await openServices(city.services.config);
    try {
      expect(second.rules.list(SYSTEM_PRINCIPAL).rules.find((r) => r.id === UPLOADED)?.title).toBe(
        'Pump pressure above 20 bar',
      );
      await second.rules.remove(SYSTEM_PRINCIPAL, UPLOADED);
    } finally {
      await second.close();
    }
    expect(city.services.rules.list(SYSTEM_PRINCIPAL).rules.some((r) => r.id === UPLOADED)).toBe(true);
    await city.services.rules.refresh();
    expect(city.services.rules.list(SYSTEM_PRINCIPAL).rules.some((r) => r.id === UPLOADED)).toBe(false);
    await expect(city.services.rules.remove(SYSTEM_PRINCIPAL, UPLOADED)).rejects.toBeInstanceOf(NotFoundError);
    await expect(city.services.rules.remove(SYSTEM_PRINCIPAL, DOOR_FORCED)).rejects.toBeInstanceOf(ConflictError);
  });

  it('an upload scoped to a department alerts only for that department’s events', async () => {
    await city.services.rules.upload(SYSTEM_PRINCIPAL, PUMP_RULE(UPLOADED), 'energy');
    await telemetry('water', [pump('pump-1', 9.5, 0)]);
    await telemetry('energy', [pump('pump-2', 9.5, 1)]);
    await city.services.detection.catchUp();
    expect(await devicesAlerted(UPLOADED)).toEqual(['pump-2']);
    const waterAdmin = await city.addUser('w-admin', 'sysadmin', ['water']);
    expect(city.services.rules.list(waterAdmin).rules.some((r) => r.id === UPLOADED)).toBe(false);
  });

  it('only rules.manage may upload or delete', async () => {
    const sysadmin = await city.addUser('w-admin', 'sysadmin', ['water']);
    await expect(city.services.rules.upload(sysadmin, PUMP_RULE(UPLOADED), 'water')).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    await expect(city.services.rules.upload(SYSTEM_PRINCIPAL, 'x'.repeat(10), 'nowhere')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const many = Array.from({ length: 201 }, (_, i) => PUMP_RULE(`r${i}`)).join('---\n');
    await expect(city.services.rules.upload(SYSTEM_PRINCIPAL, many, null)).rejects.toBeInstanceOf(InputError);
  });

  it('a pack rule fires only once the stance rises to a level that enables its pack', async () => {
    const listed = () => city.services.rules.list(SYSTEM_PRINCIPAL).rules.find((r) => r.id === MODBUS_DIAGNOSTICS)!;
    expect(listed().state).toMatchObject({ packs: ['folder:ot-strict', 'tag:attack.discovery'], active: false });
    const zeek = (records: Record<string, unknown>[]) =>
      city.services.ingest.ingest({ channel: 'http', departmentId: 'water', format: 'ndjson' }, records);
    await zeek([modbusDiagnostics(0)]);
    await city.services.detection.catchUp();
    expect(await alertsOf(MODBUS_DIAGNOSTICS)).toEqual([]);
    await raiseStance(2);
    expect(listed().state.active).toBe(false);
    await raiseStance(3);
    expect(listed().state).toMatchObject({ packEnabled: true, active: true });
    await zeek([modbusDiagnostics(1)]);
    await city.services.detection.catchUp();
    const alerts = await alertsOf(MODBUS_DIAGNOSTICS);
    expect(alerts.map((a) => a.timestamp)).toEqual([at(1)]);
  });

  it('a threshold factor of 0.5 makes the 10-failure SSH brute force fire at 5', async () => {
    const lines = (ip: string, from: number) =>
      Array.from({ length: 5 }, (_, i) => failedSsh(ip, `u${i}`, from + i / 6));
    const ingestLines = (l: string[]) =>
      city.services.ingest.ingest({ channel: 'syslog-tcp', departmentId: 'energy', format: 'lines' }, l);
    await ingestLines(lines('203.0.113.9', 0));
    await city.services.detection.catchUp();
    expect(await alertsOf(BRUTE_FORCE)).toEqual([]);
    await raiseStance(4); // level-4.yml: correlation_threshold_factor 0.5
    const correlation = city.services.rules.list(SYSTEM_PRINCIPAL).correlations.find((c) => c.id === BRUTE_FORCE)!;
    expect(correlation).toMatchObject({
      condition: [{ op: 'gte', value: 10 }],
      effectiveCondition: [{ op: 'gte', value: 5 }],
    });
    await ingestLines(lines('198.51.100.7', 30));
    await city.services.detection.catchUp();
    const alerts = await alertsOf(BRUTE_FORCE);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.correlation).toMatchObject({ eventCount: 5, group: { 'source.ip': '198.51.100.7' } });
  });
});
