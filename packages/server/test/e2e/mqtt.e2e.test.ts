import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, runCitysoc, spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const run = promisify(execFile);
/** The machine's Mosquitto broker (CI starts it), standing in for the city's broker. */
const CITY_BROKER = { host: '127.0.0.1', port: 1883 };

async function events(server: SpawnedServer, token: string, query: string) {
  const response = await fetch(`${server.url}/api/events?query=${encodeURIComponent(query)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { events: { departmentId: string | null; document: Record<string, unknown> }[] })
    .events;
}

describe('MQTT ingest with mosquitto_pub', () => {
  const prefix = `citysoc-e2e-${randomUUID().slice(0, 8)}`;
  let server: SpawnedServer;
  let readToken: string;

  beforeAll(async () => {
    server = await spawnServer({
      CITYSOC_MQTT_URL: `mqtt://${CITY_BROKER.host}:${CITY_BROKER.port}`,
      CITYSOC_MQTT_TOPICS: `${prefix}/+/telemetry=device-telemetry,${prefix}/#`,
      CITYSOC_MQTT_CLIENT_ID: prefix,
    });
    await runCitysoc(server.dataDir, ['departments', 'create', 'water', 'Water Utility']);
    readToken = await createToken(server.dataDir, 'read');
  });
  afterAll(() => server?.stop());

  it('stores QoS 1 telemetry published to the city broker, parsed by the topic route', async () => {
    const payload = JSON.stringify({ device_id: 'pump-7', metric: 'pressure', value: 4.2, unit: 'bar', state: 'ok' });
    await run('mosquitto_pub', [
      '-h',
      CITY_BROKER.host,
      '-p',
      String(CITY_BROKER.port),
      '-q',
      '1',
      '-t',
      `${prefix}/pump-7/telemetry`,
      '-m',
      payload,
    ]);
    await expect
      .poll(async () => (await events(server, readToken, 'device.id:pump-7')).length, { timeout: 5000 })
      .toBe(1);
    const [event] = await events(server, readToken, 'device.id:pump-7');
    expect(event?.document).toMatchObject({
      citysoc: {
        source: 'device-telemetry',
        channel: 'mqtt',
        mqtt_topic: `${prefix}/pump-7/telemetry`,
        telemetry: { metric: 'pressure', value: 4.2 },
      },
    });
  });

  it('accepts devices on the embedded broker with an ingest token, stamping its department', async () => {
    const token = await createToken(server.dataDir, 'ingest', 'water');
    const payload = JSON.stringify({ device_id: 'door-12', metric: 'door', value: 1, state: 'open' });
    await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(server.mqttPort),
      '-u',
      'door-12',
      '-P',
      token,
      '-q',
      '1',
      '-t',
      `${prefix}/door-12/telemetry`,
      '-m',
      payload,
    ]);
    // QoS 1: mosquitto_pub exits after PUBACK, which the broker sends only after the commit.
    const stored = await events(server, readToken, 'device.id:door-12');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.departmentId).toBe('water');
  });

  it('refuses a device with a wrong token, and subscriptions', async () => {
    const refused = run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(server.mqttPort),
      '-u',
      'x',
      '-P',
      'cst_wrong',
      '-q',
      '1',
      '-t',
      'a/b',
      '-m',
      '{}',
    ]);
    await expect(refused).rejects.toMatchObject({
      stderr: expect.stringMatching(/not authori[sz]ed|bad user name or password/i),
    });
    // A device that subscribes to everything must not see another device's telemetry.
    const token = await createToken(server.dataDir, 'ingest');
    const eavesdropper = run('mosquitto_sub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(server.mqttPort),
      '-u',
      'spy',
      '-P',
      token,
      '-t',
      '#',
      '-C',
      '1',
      '-W',
      '3',
      '-q',
      '1',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const secret = JSON.stringify({ device_id: 'meter-9', metric: 'flow', value: 12, state: 'ok' });
    await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(server.mqttPort),
      '-u',
      'meter-9',
      '-P',
      token,
      '-q',
      '1',
      '-t',
      `${prefix}/meter-9/telemetry`,
      '-m',
      secret,
    ]);
    const outcome = await eavesdropper.then(
      ({ stdout }) => stdout,
      (error: { stdout: string }) => error.stdout,
    );
    expect(outcome).not.toContain('meter-9');
    expect(await events(server, readToken, 'device.id:meter-9')).toHaveLength(1);
  });
});
