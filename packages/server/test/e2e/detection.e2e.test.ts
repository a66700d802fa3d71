import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUMP_PRESSURE_RULE } from '../../src/testing/fixtures.ts';
import { createToken, runCitysoc, spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const run = promisify(execFile);
const SIGMA = path.resolve(import.meta.dirname, '../../../../../shared/data/sigma');
const PAIR = path.join(SIGMA, 'regression_data/rules/windows/process_creation/proc_creation_win_dtrace_kernel_dump');
const PAIR_RULE = '7124aebe-4cd7-4ccb-8df0-6d6b93c96795';

describe('detection in the running pipeline', () => {
  let server: SpawnedServer;
  let reader: string;

  beforeAll(async () => {
    server = await spawnServer({
      CITYSOC_RULES_DIRS: path.join(SIGMA, 'rules/windows/process_creation'),
      CITYSOC_RETENTION_DAYS: '100000',
    });
    reader = await createToken(server.dataDir, 'read');
  });
  afterAll(() => server?.stop());

  const alerts = async (query = '') => {
    const response = await fetch(`${server.url}/api/alerts${query}`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    return (await response.json()) as {
      rule: { id: string; title: string; author: string | null };
      event: { deviceId: string | null };
    }[];
  };

  it('loads the shipped rules and the configured SigmaHQ folder, the stance-pack ones off at level 1', async () => {
    const running = Number(/Detection: (\d+) Sigma rules/.exec(server.output())?.[1]);
    const response = await fetch(`${server.url}/api/rules`, { headers: { authorization: `Bearer ${reader}` } });
    const { rules } = (await response.json()) as { rules: { state: { active: boolean; packs: string[] } }[] };
    expect(rules.length).toBeGreaterThan(1000);
    // SigmaHQ rules tagged with a tactic some stance policy names (attack.discovery, …) wait for their level.
    const gated = rules.filter((r) => !r.state.active && r.state.packs.length > 0).length;
    expect(gated).toBeGreaterThan(0);
    expect(running).toBe(rules.length - gated);
  });

  it('raises an alert for a device publishing a forced door over MQTT', async () => {
    const ingest = await createToken(server.dataDir, 'ingest');
    const payload = JSON.stringify({ device_id: 'door-7', metric: 'door', state: 'forced', value: 1 });
    await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(server.mqttPort),
      '-u',
      'door-7',
      '-P',
      ingest,
      '-q',
      '1',
      '-t',
      'citysoc/doors/door-7',
      '-m',
      payload,
    ]);
    await expect
      .poll(async () => (await alerts()).filter((a) => a.event.deviceId === 'door-7').length, { timeout: 5000 })
      .toBe(1);
  });

  const ruleState = async (id: string) => {
    const response = await fetch(`${server.url}/api/rules`, { headers: { authorization: `Bearer ${reader}` } });
    const list = (await response.json()) as { rules: { id: string; state: { active: boolean; packs: string[] } }[] };
    return list.rules.find((r) => r.id === id)?.state;
  };

  it('runs SigmaHQ rules on Windows events replayed into the running server, with the rule attribution', async () => {
    // The rule is tagged attack.discovery: a stance rule pack (level 3), off until the stance enables it.
    expect(await ruleState(PAIR_RULE)).toMatchObject({ active: false, packs: ['tag:attack.discovery'] });
    const admin = await createToken(server.dataDir, 'admin');
    const override = () =>
      fetch(`${server.url}/api/stance/city/override`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          level: 3,
          justification: 'hunting discovery techniques in the exercise',
          until: new Date(Date.now() + 3600_000).toISOString(),
        }),
      });
    // The first stance evaluation runs shortly after start; until then there is no stance to override.
    await expect.poll(async () => (await override()).status, { timeout: 10_000, interval: 500 }).toBe(200);
    await expect.poll(async () => (await ruleState(PAIR_RULE))?.active, { timeout: 5000 }).toBe(true);
    // The regression file holds pretty-printed, concatenated Sysmon events: the shape `citysoc ingest` reads.
    await runCitysoc(server.dataDir, ['ingest', path.join(PAIR, `${PAIR_RULE}.json`)]);
    // Another process wrote the events, so the server's detection finds them by polling its checkpoint.
    await expect.poll(async () => (await alerts(`?rule=${PAIR_RULE}`)).length, { timeout: 8000 }).toBe(2);
    const [alert] = await alerts(`?rule=${PAIR_RULE}`);
    expect(alert?.rule.author).toBeTruthy();
  });

  it('swaps a rule uploaded with the CLI into the running server, without a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-upload-'));
    writeFileSync(path.join(dir, 'pump.yml'), PUMP_PRESSURE_RULE);
    const report = JSON.parse(await runCitysoc(server.dataDir, ['rules', 'upload', dir])) as { loaded: number };
    expect(report.loaded).toBe(1);
    const id = /id: (\S+)/.exec(PUMP_PRESSURE_RULE)![1]!;
    await expect.poll(async () => (await ruleState(id))?.active, { timeout: 6000 }).toBe(true);
    const ingest = await createToken(server.dataDir, 'ingest');
    const sent = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/x-ndjson' },
      body: JSON.stringify({ device_id: 'pump-9', metric: 'pressure', value: 11, unit: 'bar' }),
    });
    expect(sent.status).toBe(202);
    await expect.poll(async () => (await alerts(`?rule=${id}`)).length, { timeout: 8000 }).toBe(1);
  });
});
