import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('loads the shipped rules and the configured SigmaHQ folder', () => {
    const count = Number(/Detection: (\d+) Sigma rules/.exec(server.output())?.[1]);
    expect(count).toBeGreaterThan(1000);
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

  it('runs SigmaHQ rules on Windows events replayed into the running server, with the rule attribution', async () => {
    // The regression file holds pretty-printed, concatenated Sysmon events: the shape `citysoc ingest` reads.
    await runCitysoc(server.dataDir, ['ingest', path.join(PAIR, `${PAIR_RULE}.json`)]);
    // Another process wrote the events, so the server's detection finds them by polling its checkpoint.
    await expect.poll(async () => (await alerts(`?rule=${PAIR_RULE}`)).length, { timeout: 8000 }).toBe(2);
    const [alert] = await alerts(`?rule=${PAIR_RULE}`);
    expect(alert?.rule.author).toBeTruthy();
  });
});
