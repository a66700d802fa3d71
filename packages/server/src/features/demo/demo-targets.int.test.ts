import { AuthenticationError } from '@citysoc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, spawnServer, type SpawnedServer } from '../../testing/spawned-server.ts';
import { generateDemoCity } from './demo-city.ts';
import { createDemoPlayer } from './demo-player.ts';
import { createRandom } from './demo-random.ts';
import { DEMO_RULES, DEMO_SCENARIOS } from './demo-scenarios.ts';
import { type ClosableDemoTargets, createDemoTargets } from './demo-targets.ts';

/**
 * The demo against a real `citysoc serve`: its telemetry goes in through HTTP, syslog over TCP and the embedded
 * MQTT broker, and every alert comes out of the server's own detection.
 */
describe('the demo through a running server', () => {
  const city = generateDemoCity();
  let server: SpawnedServer;
  let reader: string;
  let targets: ClosableDemoTargets;
  let ingest: string;

  beforeAll(async () => {
    server = await spawnServer({ CITYSOC_RETENTION_DAYS: '100000' });
    ingest = await createToken(server.dataDir, 'ingest');
    reader = await createToken(server.dataDir, 'read');
    targets = await createDemoTargets({
      baseUrl: server.url,
      token: ingest,
      syslog: { host: '127.0.0.1', port: server.syslogPort as number },
      mqtt: { host: '127.0.0.1', port: server.mqttPort as number },
      clientId: 'citysoc-demo-test',
    });
  });
  afterAll(async () => {
    await targets?.close();
    await server?.stop();
  });

  const get = async <T>(url: string): Promise<T> => {
    const response = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${reader}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const alertsOf = async (rule: string) => (await get<unknown[]>(`/api/alerts?rule=${rule}`)).length;

  it('imports the demo city through the inventory API', async () => {
    const admin = await createToken(server.dataDir, 'admin');
    const response = await fetch(`${server.url}/api/inventory/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(city),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual({
      departments: { created: city.departments.length, updated: 0 },
      services: { created: city.services.length, updated: 0 },
      assets: { created: city.assets.length, updated: 0 },
    });
  });

  it('delivers normal life over HTTP, syslog and MQTT', async () => {
    const player = createDemoPlayer({
      city,
      targets,
      log: { info: () => undefined, warn: () => undefined },
      tickMilliseconds: 250,
      firstScenarioAfterSeconds: 3600,
    });
    player.start();
    await expect.poll(() => player.stats().sent.mqtt, { timeout: 10_000 }).toBeGreaterThan(5);
    await player.stop();
    expect(player.stats().failed).toBe(0);
    const stats = await get<{ channels: Record<string, { accepted: number }> }>('/api/ingest/stats');
    for (const channel of ['http', 'syslog-tcp', 'mqtt'])
      expect(stats.channels[channel]?.accepted, channel).toBeGreaterThan(0);
    // Normal life is quiet: once detection has read everything, there is no alert.
    await expect
      .poll(async () => (await get<{ lag: number }>('/api/detection/status')).lag, { timeout: 10_000 })
      .toBe(0);
    expect(await get<unknown[]>('/api/alerts')).toEqual([]);
  });

  it('raises the alerts of every scenario from the telemetry alone', async () => {
    // Played a quarter of an hour ago, so every message is due now; sent one by one, in time order.
    const at = Date.now() - 15 * 60_000;
    const messages = DEMO_SCENARIOS.flatMap((s) => s.play({ city, at, random: createRandom(s.name) }).messages).sort(
      (a, b) => a.at - b.at,
    );
    for (const m of messages) {
      if (m.channel === 'http') await targets.http([m.payload], m.source);
      else if (m.channel === 'syslog') await targets.syslog([m.payload]);
      else await targets.mqtt(m.topic as string, m.payload);
    }
    for (const rule of new Set(DEMO_SCENARIOS.flatMap((s) => s.detectedBy))) {
      await expect.poll(() => alertsOf(rule), { timeout: 15_000 }).toBeGreaterThan(0);
    }
  });

  it('refuses a wrong token on HTTP and on the MQTT broker', async () => {
    const wrong = { baseUrl: server.url, token: 'not-a-token', syslog: null, timeoutMs: 5000 };
    await expect(
      createDemoTargets({ ...wrong, mqtt: { host: '127.0.0.1', port: server.mqttPort as number } }),
    ).rejects.toThrow();
    const httpOnly = await createDemoTargets({ ...wrong, mqtt: null });
    await expect(httpOnly.http(['{"device_id":"x","metric":"y","value":1}'])).rejects.toThrow(AuthenticationError);
    await httpOnly.close();
  });

  it('sends syslog and device telemetry over HTTP when those listeners are off', async () => {
    const fallback = await createDemoTargets({ baseUrl: server.url, token: ingest, syslog: null, mqtt: null });
    const [door] = DEMO_SCENARIOS.filter((s) => s.name === 'door-forced-console-login');
    const messages = door?.play({ city, at: Date.now(), random: createRandom('fallback') }).messages ?? [];
    for (const m of messages) {
      if (m.channel === 'syslog') await fallback.syslog([m.payload]);
      if (m.channel === 'mqtt') await fallback.mqtt(m.topic as string, m.payload);
    }
    await fallback.close();
    await expect.poll(() => alertsOf(DEMO_RULES.doorForcedThenConsoleLogin), { timeout: 15_000 }).toBe(2);
  });
});
