import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createConnection } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import mqtt from 'mqtt';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsAvailable, TEST_NATS_URL, uniqueName } from '../platform/bus/nats-test-server.ts';
import { SMALL_CITY_YAML } from '../testing/inventory-fixture.ts';
import { type SpawnedServer, spawnServer } from '../testing/spawned-server.ts';
import { takeDatabaseAway, testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';
import { eventStreamNames } from './event-stream.ts';

const BIN = fileURLToPath(new URL('../../bin/citysoc.js', import.meta.url));
const postgres = testDatabaseKinds().find((kind) => kind.kind === 'postgres');
const runs = postgres !== undefined && (await natsAvailable());

/** `count` telemetry readings from `hosts` devices; with `door`, the 8th is that door forced: one alert expected. */
function readings(batch: number, count: number, hosts: number, door?: string): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const forced = door !== undefined && i === 7;
    lines.push(
      JSON.stringify({
        device_id: forced ? door : `meter-${(i % hosts).toString().padStart(3, '0')}`,
        metric: forced ? 'door' : 'flow',
        value: forced ? 1 : i,
        ...(forced && { state: 'forced' }),
        ts: new Date(Date.UTC(2026, 10, 22, 3, 0, batch, i)).toISOString(),
      }),
    );
  }
  return lines.join('\n');
}

describe.runIf(runs)('cluster mode: one ingest and two detect nodes over NATS JetStream and PostgreSQL', () => {
  const prefix = uniqueName('ct');
  let database: TestDatabase;
  let db: pg.Pool;
  let env: Record<string, string>;
  let ingest: SpawnedServer;
  let detectors: SpawnedServer[] = [];
  let token: string;

  /** The CLI as an administrator runs it against the cluster: same database, same bus. */
  const citysoc = (args: string[]) =>
    promisify(execFile)(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', CITYSOC_DATA_DIR: ingest.dataDir, ...env },
    });

  const start = (roles: string) =>
    spawnServer({ ...env, CITYSOC_ROLES: roles }, mkdtempSync(path.join(tmpdir(), 'citysoc-cluster-')));

  beforeAll(async () => {
    database = await (postgres as NonNullable<typeof postgres>).create();
    db = new pg.Pool({ connectionString: database.config.databaseUrl, max: 2 });
    // The outage test terminates every session of the database, this pool's idle ones included.
    db.on('error', () => undefined);
    env = {
      CITYSOC_DATABASE_URL: database.config.databaseUrl,
      CITYSOC_BUS_URL: TEST_NATS_URL,
      CITYSOC_BUS_PREFIX: prefix,
      CITYSOC_EVENT_PARTITIONS: '8',
      CITYSOC_EVENT_ACK_WAIT_SECONDS: '3',
      CITYSOC_SECRET_KEY: randomBytes(32).toString('hex'),
      CITYSOC_INGEST_WORKERS: '0',
      CITYSOC_METRICS_PORT: '0',
    };
    // The ingest node migrates the database; the detect nodes then start together. Only the ingest node
    // listens for syslog and MQTT (spawnServer picks free ports).
    ingest = await start('ingest');
    detectors = await Promise.all([start('detect'), start('detect')]);
    expect(detectors.map((node) => [node.syslogPort, node.mqttPort])).toEqual([
      [null, null],
      [null, null],
    ]);
    const { stdout } = await citysoc(['tokens', 'create', '--scope', 'ingest']);
    token = stdout.trim();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([ingest, ...detectors].filter(Boolean).map((node) => node.stop()));
    await db?.end();
    await database?.drop();
    const nc = await connect({ servers: TEST_NATS_URL });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(eventStreamNames(prefix).stream).catch(() => false);
    await nc.close();
  }, 30_000);

  const push = async (body: string) => {
    const response = await fetch(`${ingest.url}/api/ingest?source=device-telemetry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { accepted: number }).accepted;
  };

  const count = async (query: string, values: unknown[] = []) =>
    Number((await db.query<{ n: string }>(query, values)).rows[0]?.n);
  const doorAlerts = (door: string) =>
    count(
      `select count(*) as n from alerts a join events e on e.id = a.event_id
       where e.document like $1`,
      [`%"${door}"%`],
    );

  async function eventually(check: () => Promise<void>, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      try {
        await check();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  it('is ready on every node, with the bus connected', async () => {
    for (const node of [ingest, ...detectors]) {
      const response = await fetch(`${node.url}/api/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ready: true, checks: { bus: { detail: 'nats connected' } } });
    }
  });

  it('shares the partitions between the detect nodes, each partition to one node', async () => {
    await eventually(async () => {
      const owned = await Promise.all(detectors.map((node) => ownedPartitions(node)));
      expect(owned.reduce((a, b) => a + b, 0)).toBe(8);
    }, 10_000);
    const text = await (await fetch(/Metrics on (\S+)/.exec(ingest.output())?.[1] ?? '')).text();
    expect(text).toContain(`citysoc_stream_consumer_lag_events{consumer="${prefix}_detect_p7"} 0`);
    expect(text).toMatch(/^citysoc_detection_lag_events 0$/m);
  });

  it('stores every acknowledged event exactly once and raises the expected alert exactly once', async () => {
    let acked = 0;
    for (let batch = 0; batch < 6; batch++) {
      acked += await push(readings(batch, 250, 40, batch === 0 ? 'door-substation-3' : undefined));
    }
    expect(acked).toBe(1500);
    await eventually(async () => {
      expect(await count('select count(*) as n from events')).toBe(acked);
    }, 20_000);
    expect(await count('select count(distinct id) as n from events')).toBe(acked);
    expect(await doorAlerts('door-substation-3')).toBe(1);
    // Both detect nodes took part, and together they stored each event once.
    const stored = await Promise.all(detectors.map((node) => storedEvents(node)));
    expect(stored.reduce((a, b) => a + b, 0)).toBe(acked);
  });

  it('stores what syslog over TCP and MQTT deliver, through the stream', async () => {
    const before = await count('select count(*) as n from events');
    // Syslog over TCP: lines read are acknowledged by reading on; the count proves none was lost.
    const socket = createConnection({ host: '127.0.0.1', port: ingest.syslogPort as number });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const lines = Array.from(
      { length: 100 },
      (_, i) => `<134>1 2026-11-22T03:10:00Z plc-${i % 5}.water.city scada - - - valve ${i} opened\n`,
    );
    await new Promise<void>((resolve) => socket.end(lines.join(''), resolve));
    // MQTT at QoS 1: the PUBACK comes after JetStream acknowledged.
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, {
      username: 'meters',
      password: token,
      reconnectPeriod: 0,
    });
    for (let i = 0; i < 20; i++) {
      await client.publishAsync(
        `citysoc/water/meter-${i}`,
        JSON.stringify({ device_id: `meter-mqtt-${i}`, metric: 'flow', value: i, ts: '2026-11-22T03:11:00Z' }),
        { qos: 1 },
      );
    }
    await client.endAsync();
    await eventually(async () => {
      expect(await count('select count(*) as n from events')).toBe(before + 120);
    }, 20_000);
    expect(await count(`select count(*) as n from events where document like '%meter-mqtt-%'`)).toBe(20);
    expect(await count(`select count(*) as n from events where raw like '%valve%opened%'`)).toBe(100);
  });

  it('loses nothing acknowledged and raises no alert twice when a detect node is killed under load', async () => {
    const before = await count('select count(*) as n from events');
    const [victim, survivor] = detectors as [SpawnedServer, SpawnedServer];
    let acked = 0;
    // The node dies with the first requests in flight; the rest arrive for partitions it owned, which only the
    // survivor can take once the victim's heartbeats stop.
    for (let batch = 10; batch < 22; batch++) {
      acked += await push(readings(batch, 250, 40, batch === 13 ? 'door-substation-9' : undefined));
      if (batch === 11) await victim.kill('SIGKILL');
    }
    expect(acked).toBe(3000);
    // What the killed node held unacknowledged is delivered to the survivor after the ack wait (3 s here).
    await eventually(async () => {
      expect(await count('select count(*) as n from events')).toBe(before + acked);
    }, 30_000);
    expect(await count('select count(distinct id) as n from events')).toBe(before + acked);
    expect(await doorAlerts('door-substation-9')).toBe(1);
    expect(await doorAlerts('door-substation-3')).toBe(1);
    expect(await storedEvents(survivor)).toBeGreaterThan(0);
    // The survivor took over the killed node's partitions once its heartbeats stopped.
    await eventually(async () => expect(await ownedPartitions(survivor)).toBe(8), 5000);
  });

  it('runs the city-wide jobs on one api node at a time, and hands them over when that node dies', async () => {
    const apis = await Promise.all([start('api'), start('api')]);
    try {
      const leaders = async () => Promise.all(apis.map((node) => metric(node, 'citysoc_city_jobs_leader')));
      await eventually(async () => expect((await leaders()).sort()).toEqual([0, 1]), 10_000);
      const [leader, follower] = (await leaders())[0] === 1 ? apis : [...apis].reverse();
      await leader!.kill('SIGKILL');
      await eventually(async () => expect(await metric(follower!, 'citysoc_city_jobs_leader')).toBe(1), 10_000);
      expect(follower!.output()).toMatch(/This node leads the city-wide jobs/);
    } finally {
      await Promise.all(apis.map((node) => node.stop()));
    }
  });

  it('keeps acknowledging into the stream while PostgreSQL is away, and stores everything once it is back', async () => {
    const before = await count('select count(*) as n from events');
    let acked = 0;
    const outage = await takeDatabaseAway(database.config.databaseUrl);
    try {
      for (let batch = 30; batch < 35; batch++) acked += await push(readings(batch, 100, 20));
      expect(acked).toBe(500);
      // The detect nodes cannot store: out of the load balancer's rotation, without being restarted.
      const ready = await fetch(`${detectors.at(-1)!.url}/api/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { database: { ok: false } } });
    } finally {
      await outage.bringBack();
    }
    await eventually(async () => {
      expect(await count('select count(*) as n from events')).toBe(before + acked);
    }, 30_000);
    expect(await count('select count(distinct id) as n from events')).toBe(before + acked);
    for (const node of detectors.filter((d) => d !== detectors[0])) {
      await eventually(async () => expect((await fetch(`${node.url}/api/ready`)).status).toBe(200), 10_000);
    }
  });

  it('enriches with assets imported elsewhere: the inventory change reaches the ingest node over NATS', async () => {
    // The city model of the ingest node is rebuilt only when `inventory.changed` arrives on the bus.
    const file = path.join(ingest.dataDir, 'city.yaml');
    writeFileSync(file, SMALL_CITY_YAML);
    await citysoc(['inventory', 'import', file]);
    let probe = 0;
    await eventually(async () => {
      probe += 1;
      await push(
        JSON.stringify({ device_id: 'scada-1', metric: 'temperature', value: probe, ts: '2026-11-22T04:00:00Z' }),
      );
      expect(await count(`select count(*) as n from events where asset_id = 'scada-1'`)).toBeGreaterThan(0);
    }, 15_000);
  });

  it('judges a silent device on one detect node only: one alert, though two nodes run detection', async () => {
    const joined = await start('detect');
    detectors.push(joined);
    const file = path.join(ingest.dataDir, 'city-with-meter.yaml');
    writeFileSync(
      file,
      `${SMALL_CITY_YAML}  - {id: meter-quiet, name: Quiet meter, type: sensor, department: water, report_interval: 1s}\n`,
    );
    await citysoc(['inventory', 'import', file]);
    const silenceAlerts = () =>
      count(
        `select count(*) as n from alerts where rule_id = 'citysoc-telemetry-silent' and event_id like 'silence:meter-quiet:%'`,
      );
    await eventually(async () => expect(await silenceAlerts()).toBe(1), 20_000);
    // Both nodes keep asking for due alerts every second; the device stays silent and is not alerted again.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await silenceAlerts()).toBe(1);
  });
});

/** One unlabelled figure of the node's metrics listener. */
async function metric(node: SpawnedServer, name: string): Promise<number> {
  const url = /Metrics on (\S+)/.exec(node.output())?.[1];
  if (!url) throw new Error(`no metrics listener announced:\n${node.output()}`);
  const text = await (await fetch(url)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

const storedEvents = (node: SpawnedServer) => metric(node, 'citysoc_events_stored_total');
const ownedPartitions = (node: SpawnedServer) => metric(node, 'citysoc_stream_partitions_owned');
