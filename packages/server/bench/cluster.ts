/**
 * `npm run bench:cluster`: the cluster mode on this machine. One ingest node fills the JetStream stream, then 1
 * and then 2 detect nodes drain it into PostgreSQL with detection (throughput and ratio); then, with 2 detect
 * nodes running, end-to-end latency from the ingest acknowledgement to the alert row. The JetStream publish and
 * PostgreSQL insert ceilings are measured in the same run for comparison. Not a test: numbers vary ±20-30%,
 * and the nodes share this machine's cores with each other, PostgreSQL and NATS.
 *
 * Needs PostgreSQL (CITYSOC_BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, where
 * databases may be created) and NATS with JetStream (CITYSOC_BENCH_NATS_URL, default nats://127.0.0.1:4222).
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eventStreamNames } from '../src/cluster/event-stream.ts';
import { type SpawnedServer, spawnServer } from '../src/testing/spawned-server.ts';

const N = Number(process.env.BENCH_EVENTS ?? 50_000);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 200);
const ADMIN_URL = process.env.CITYSOC_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.CITYSOC_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
const BIN = fileURLToPath(new URL('../bin/citysoc.js', import.meta.url));
const REQUEST_EVENTS = 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rate = (count: number, ms: number) => (count / ms) * 1000;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Telemetry readings from 500 meters: what a city's water network sends all day. */
function readings(from: number, count: number): string {
  const lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    lines.push(
      JSON.stringify({
        device_id: `meter-${(i % 500).toString().padStart(3, '0')}`,
        metric: 'flow',
        value: i % 97,
        unit: 'l/s',
        ts: new Date(Date.UTC(2026, 10, 22, 3, 0, 0) + i).toISOString(),
      }),
    );
  }
  return lines.join('\n');
}

async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `citysoc_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

async function deleteStream(prefix: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(eventStreamNames(prefix).stream).catch(() => false);
  await nc.close();
}

/** JetStream publish with acknowledgements, 1,000 in flight, from one client: the ingest node's ceiling. */
async function ceilingJetStream(lines: readonly string[]): Promise<number> {
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const name = `bench_ceiling_${process.pid}`;
  await jsm.streams.add({
    name,
    subjects: [`${name}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
  });
  const started = performance.now();
  for (let i = 0; i < lines.length; i += 1000) {
    await Promise.all(lines.slice(i, i + 1000).map((line, j) => js.publish(`${name}.${(i + j) % 8}`, line)));
  }
  const result = rate(lines.length, performance.now() - started);
  await jsm.streams.delete(name);
  await nc.close();
  return result;
}

/**
 * The two ways to load a batch of 1,000 events on one connection, each batch its own transaction: multi-row INSERT
 * (500 rows per statement) and COPY, which the detect nodes use. The table has the events table's key columns.
 */
async function ceilingPostgres(lines: readonly string[]): Promise<{ insert: number; copy: number }> {
  const database = await createDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const measure = async (load: (chunk: readonly string[], offset: number) => Promise<unknown>) => {
    await client.query('drop table if exists events');
    await client.query('create table events (seq bigserial primary key, id text unique, ts text, document text)');
    const started = performance.now();
    for (let i = 0; i < lines.length; i += 1000) {
      await client.query('begin');
      await load(lines.slice(i, i + 1000), i);
      await client.query('commit');
    }
    return rate(lines.length, performance.now() - started);
  };
  const insert = await measure(async (chunk, offset) => {
    for (let i = 0; i < chunk.length; i += 500) {
      const part = chunk.slice(i, i + 500);
      const values = part.map((_, j) => `($${j * 3 + 1}, $${j * 3 + 2}, $${j * 3 + 3})`).join(', ');
      await client.query(
        `insert into events (id, ts, document) values ${values}`,
        part.flatMap((line, j) => [`e-${offset + i + j}`, '2026-11-22T03:00:00.000Z', line]),
      );
    }
  });
  const copy = await measure((chunk, offset) => {
    // The readings hold no tab, newline or backslash: the text format needs no escaping here.
    const text = chunk.map((line, j) => `e-${offset + j}\t2026-11-22T03:00:00.000Z\t${line}\n`).join('');
    return pipeline(Readable.from([text]), client.query(copyFrom('copy events (id, ts, document) from stdin')));
  });
  await client.end();
  await database.drop();
  return { insert, copy };
}

interface Cluster {
  ingest: SpawnedServer;
  env: Record<string, string>;
  db: pg.Pool;
  token: string;
  startDetect(): Promise<SpawnedServer>;
  close(): Promise<void>;
}

async function startCluster(): Promise<Cluster> {
  const database = await createDatabase();
  const prefix = `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const env = {
    CITYSOC_DATABASE_URL: database.url,
    CITYSOC_BUS_URL: NATS_URL,
    CITYSOC_BUS_PREFIX: prefix,
    CITYSOC_SECRET_KEY: randomBytes(32).toString('hex'),
    CITYSOC_SYSLOG_ENABLED: 'false',
    CITYSOC_MQTT_BROKER_ENABLED: 'false',
    CITYSOC_INGEST_MAX_QUEUED_EVENTS: String(Math.max(N, 200_000)),
  };
  const node = (roles: string) =>
    spawnServer({ ...env, CITYSOC_ROLES: roles }, mkdtempSync(path.join(tmpdir(), 'citysoc-bench-')));
  const ingest = await node('ingest');
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'tokens', 'create', '--scope', 'ingest'], {
    env: { PATH: process.env.PATH ?? '', CITYSOC_DATA_DIR: ingest.dataDir, ...env },
  });
  const db = new pg.Pool({ connectionString: database.url, max: 2 });
  const detectors: SpawnedServer[] = [];
  return {
    ingest,
    env,
    db,
    token: stdout.trim(),
    async startDetect() {
      const detect = await node('detect');
      detectors.push(detect);
      return detect;
    },
    async close() {
      await Promise.all([ingest, ...detectors].map((n) => n.stop()));
      await db.end();
      await deleteStream(prefix);
      await database.drop();
    },
  };
}

async function post(cluster: Cluster, body: string): Promise<number> {
  const response = await fetch(`${cluster.ingest.url}/api/ingest?source=device-telemetry`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accepted: number }).accepted;
}

const count = async (db: pg.Pool, query: string, values: unknown[] = []) =>
  Number((await db.query<{ n: string }>(query, values)).rows[0]?.n);

/** Fills the stream with N events (4 requests in flight), then times k detect nodes draining it into the store. */
async function drainThroughput(detectNodes: number): Promise<{ ingestRate: number; detectRate: number }> {
  const cluster = await startCluster();
  try {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < N) {
          const from = next;
          next += REQUEST_EVENTS;
          await post(cluster, readings(from, Math.min(REQUEST_EVENTS, N - from)));
        }
      }),
    );
    const ingestRate = rate(N, performance.now() - started);
    // The nodes start before the clock does: their start-up (compiling, loading rules) is not detection.
    const nodes = await Promise.all(Array.from({ length: detectNodes }, () => cluster.startDetect()));
    const drainStart = performance.now();
    // Nodes consume as soon as they are up; count what they had already stored before the clock started.
    const head = await count(cluster.db, 'select count(*) as n from events');
    while ((await count(cluster.db, 'select count(*) as n from events')) < N) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const detectRate = rate(N - head, performance.now() - drainStart);
    if (nodes.length !== detectNodes) throw new Error('unreachable');
    return { ingestRate, detectRate };
  } finally {
    await cluster.close();
  }
}

/** With 2 detect nodes running: one forced door at a time, from the 202 to its alert row. */
async function alertLatency(): Promise<number[]> {
  const cluster = await startCluster();
  try {
    await Promise.all([cluster.startDetect(), cluster.startDetect()]);
    const samples: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const door = `door-bench-${i}`;
      const line = JSON.stringify({
        device_id: door,
        metric: 'door',
        value: 1,
        state: 'forced',
        ts: new Date().toISOString(),
      });
      await post(cluster, line);
      const acked = performance.now();
      const query = `select count(*) as n from alerts a join events e on e.id = a.event_id where e.document like $1`;
      while ((await count(cluster.db, query, [`%"${door}"%`])) === 0) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      samples.push(performance.now() - acked);
    }
    return samples;
  } finally {
    await cluster.close();
  }
}

const lines = readings(0, Math.min(N, 50_000)).split('\n');
console.log(
  `cluster benchmark: ${fmt(N)} events, ${availableParallelism()} cores, PostgreSQL and NATS on this machine`,
);
const jsCeiling = await ceilingJetStream(lines);
console.log(`  ceiling: JetStream publish with acks (1 client, 1,000 in flight)  ${fmt(jsCeiling)} events/s`);
const pgCeiling = await ceilingPostgres(lines);
console.log(`  ceiling: PostgreSQL multi-row INSERT (1 connection)               ${fmt(pgCeiling.insert)} events/s`);
console.log(`  ceiling: PostgreSQL COPY (1 connection)                           ${fmt(pgCeiling.copy)} events/s`);
const one = await drainThroughput(1);
console.log(`  ingest over HTTP into JetStream (4 requests in flight)           ${fmt(one.ingestRate)} events/s`);
console.log(`  1 detect node: store + detect from the stream                    ${fmt(one.detectRate)} events/s`);
const two = await drainThroughput(2);
console.log(`  2 detect nodes: store + detect from the stream                   ${fmt(two.detectRate)} events/s`);
console.log(
  `  ratio 2 / 1 detect nodes                                         ${(two.detectRate / one.detectRate).toFixed(2)}×`,
);
if (availableParallelism() < 6) {
  console.log(
    `  note: ${availableParallelism()} cores run PostgreSQL, NATS, the ingest node and the detect nodes together; a second ` +
      'detect node adds a process, not a core, so the ratio here is bounded by the cores, not by the design',
  );
}
const latency = await alertLatency();
console.log(
  `  ingest ack → alert row, 2 detect nodes (${latency.length} samples)            ` +
    `p50 ${percentile(latency, 50).toFixed(1)} ms, p99 ${percentile(latency, 99).toFixed(1)} ms`,
);
