/**
 * `npm run bench`: the ingest hot path (parse → normalise → store), measured, printed with ratios to the
 * ceiling of this machine (bare JSON.parse, bare batched SQLite insert). Not a test: numbers vary ±20-30%.
 * The server runs as its own process; this process only generates load.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { loadLogSources } from '../src/features/ingest/index.ts';
import { openServices } from '../src/main.ts';
import { benchImpact } from './city-graph.bench.ts';
import { detectionBenchmark } from './detection.ts';
import { benchEnrichment } from './enrichment.bench.ts';
import { benchIndicators } from './indicators.bench.ts';
import { makeEvent, makeSyslogLine } from './events.ts';
import { benchSearch, printSearchBench } from './search.ts';
import { benchTelemetry } from './telemetry.bench.ts';
import { benchVulns } from './vulns.bench.ts';
import { benchPosture } from './posture.bench.ts';

const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const SEARCH_N = Number(process.env.BENCH_SEARCH_EVENTS ?? 1_000_000);
const BIN = fileURLToPath(new URL('../bin/citysoc.js', import.meta.url));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function rate(count: number, ms: number): number {
  return (count / ms) * 1000;
}

async function ceilingJsonParse(lines: string[]): Promise<number> {
  const started = performance.now();
  let keys = 0;
  for (const line of lines) keys += Object.keys(JSON.parse(line) as object).length;
  if (keys === 0) throw new Error('unreachable');
  return rate(lines.length, performance.now() - started);
}

async function ceilingSqliteInsert(lines: string[]): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-bench-'));
  const services = await openServices(loadConfig({}, { dataDir: dir, logLevel: 'silent' }));
  await services.close();
  const db = new SQLite(path.join(dir, 'citysoc.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare('insert into events (id, ts, ingested, source, document, raw) values (?, ?, ?, ?, ?, ?)');
  const batch = db.transaction((rows: string[], offset: number) => {
    rows.forEach((line, i) =>
      insert.run(`id-${offset + i}`, '2026-11-22T12:00:00.000Z', '2026-11-22T12:00:00.000Z', 'bench', line, line),
    );
  });
  const started = performance.now();
  for (let i = 0; i < lines.length; i += 5000) batch(lines.slice(i, i + 5000), i);
  const result = rate(lines.length, performance.now() - started);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

async function normaliseOnly(lines: string[], syslog: string[]): Promise<{ json: number; syslog: number }> {
  const sources = await loadLogSources();
  let started = performance.now();
  for (const line of lines) sources.normaliseText(line);
  const json = rate(lines.length, performance.now() - started);
  started = performance.now();
  for (const line of syslog) sources.normaliseText(line);
  return { json, syslog: rate(syslog.length, performance.now() - started) };
}

interface Server {
  url: string;
  syslogPort: number;
  ingestToken: string;
  readToken: string;
  peakRssMb(): number;
  stop(): Promise<void>;
}

function createToken(env: Record<string, string>, scope: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'tokens', 'create', '--scope', scope], { env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error('token creation failed'))));
  });
}

async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'citysoc-bench-'));
  const env = {
    PATH: process.env.PATH ?? '',
    CITYSOC_DATA_DIR: dataDir,
    CITYSOC_LOG_LEVEL: 'warn',
    CITYSOC_SYSLOG_PORT: '0',
    CITYSOC_MQTT_BROKER_PORT: '0',
    CITYSOC_PORT: '0',
    ...(process.env.CITYSOC_INGEST_WORKERS !== undefined && {
      CITYSOC_INGEST_WORKERS: process.env.CITYSOC_INGEST_WORKERS,
    }),
  };
  const ingestToken = await createToken(env, 'ingest');
  const readToken = await createToken(env, 'read');
  // e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server under this load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const match = /CitySOC \S+ on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error(stderr)));
  });
  return {
    url,
    syslogPort: Number(/udp\/(\d+)/.exec(stderr)?.[1]),
    ingestToken,
    readToken,
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function post(server: Server, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.ingestToken}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

async function httpThroughput(server: Server, lines: string[], batchSize: number, concurrency: number) {
  const batches: string[] = [];
  for (let i = 0; i < lines.length; i += batchSize) batches.push(lines.slice(i, i + batchSize).join('\n'));
  const latencies: number[] = [];
  let next = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const body = batches[next++] as string;
        for (;;) {
          const result = await post(server, body);
          latencies.push(result.ms);
          if (result.status === 202) break;
          refused += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    }),
  );
  return {
    eventsPerSecond: rate(lines.length, performance.now() - started),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    refused,
  };
}

/** Fixed offered load: batches of 100 every 10 ms (10k events/s) for `seconds`. */
async function httpLatencyAtRate(server: Server, lines: string[], seconds: number) {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let tick = 0; tick < seconds * 100; tick += 1) {
    const body = lines.slice((tick * 100) % lines.length, ((tick * 100) % lines.length) + 100).join('\n');
    inflight.push(post(server, body).then((r) => void latencies.push(r.ms)));
    const due = started + (tick + 1) * 10;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
  await Promise.all(inflight);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) };
}

async function syslogThroughput(server: Server, lines: string[]) {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const socket = connect(server.syslogPort, '127.0.0.1', () => {
      let i = 0;
      const write = () => {
        while (i < lines.length) {
          const chunk = lines.slice(i, i + 1000).join('\n') + '\n';
          i += 1000;
          if (!socket.write(chunk)) return void socket.once('drain', write);
        }
        socket.end(resolve);
      };
      write();
    });
    socket.on('error', reject);
  });
  // TCP has no application-level ack: the run ends when the stats show every line committed.
  while ((await syslogAccepted(server)) < lines.length) await new Promise((resolve) => setTimeout(resolve, 20));
  return rate(lines.length, performance.now() - started);
}

async function syslogAccepted(server: Server): Promise<number> {
  const response = await fetch(`${server.url}/api/ingest/stats`, {
    headers: { authorization: `Bearer ${server.readToken}` },
  });
  const stats = (await response.json()) as { channels: Record<string, { accepted: number }> };
  return stats.channels['syslog-tcp']?.accepted ?? 0;
}

async function ingestAndDetection(): Promise<void> {
  const lines = Array.from({ length: N }, (_, i) => makeEvent(i));
  const syslog = Array.from({ length: N }, (_, i) => makeSyslogLine(i));
  const avgBytes = lines.reduce((s, l) => s + l.length, 0) / lines.length;
  console.log(
    `CitySOC ingest benchmark: ${fmt(N)} events of ~${Math.round(avgBytes)} bytes (JSON), node ${process.version}\n`,
  );

  const parse = await ceilingJsonParse(lines);
  const insert = await ceilingSqliteInsert(lines);
  const normalise = await normaliseOnly(lines, syslog);
  console.log('ceiling (this machine, one core)');
  console.log(`  bare JSON.parse                     ${fmt(parse).padStart(10)} events/s`);
  console.log(`  bare batched SQLite insert          ${fmt(insert).padStart(10)} events/s`);
  console.log('normalisation only (no store)');
  console.log(
    `  JSON lines (auto-detect + map)      ${fmt(normalise.json).padStart(10)} events/s  (${(normalise.json / parse).toFixed(2)}× JSON.parse)`,
  );
  console.log(`  syslog lines (auto-detect + map)    ${fmt(normalise.syslog).padStart(10)} events/s`);

  const detection = await detectionBenchmark(Number(process.env.BENCH_DETECTION_EVENTS ?? 100_000), 3);
  console.log(
    `detection: ${fmt(detection.rules)} SigmaHQ rules (${detection.refused} refused, compiled in ${fmt(detection.compileMs)} ms), ${fmt(detection.events)} Windows events (${detection.realEvents} real, the rest benign variants)`,
  );
  console.log(
    `  compiled engine                     ${fmt(detection.enginePerSecond).padStart(10)} events/s  (${(1e6 / detection.enginePerSecond).toFixed(1)} µs/event)`,
  );
  console.log(
    `  naive per-rule loop                 ${fmt(detection.naivePerSecond).padStart(10)} events/s  (engine ${(detection.enginePerSecond / detection.naivePerSecond).toFixed(1)}× faster)`,
  );
  console.log(
    `  bare JSON.parse of the same events  ${fmt(detection.parsePerSecond).padStart(10)} events/s  (engine at ${((detection.enginePerSecond / detection.parsePerSecond) * 100).toFixed(1)}% of it)`,
  );

  const server = await startServer();
  try {
    const http = await httpThroughput(server, lines, 1000, 4);
    const ceiling = Math.min(parse, insert);
    console.log('end to end, separate server process (HTTP NDJSON, 1000-event batches, 4 concurrent)');
    console.log(
      `  accepted and committed              ${fmt(http.eventsPerSecond).padStart(10)} events/s  (${((http.eventsPerSecond / ceiling) * 100).toFixed(0)}% of min(JSON.parse, SQLite insert))`,
    );
    console.log(
      `  ack latency per batch               p50 ${http.p50.toFixed(1)} ms, p99 ${http.p99.toFixed(1)} ms; 429s: ${http.refused}`,
    );
    const steady = await httpLatencyAtRate(server, lines, 5);
    console.log('steady 10k events/s (100-event batches every 10 ms, 5 s)');
    console.log(
      `  ack latency                         p50 ${steady.p50.toFixed(1)} ms, p99 ${steady.p99.toFixed(1)} ms, max ${steady.max.toFixed(1)} ms`,
    );
    const tcp = await syslogThroughput(server, syslog);
    console.log('end to end, syslog over one TCP connection (newline framing)');
    console.log(`  accepted and committed              ${fmt(tcp).padStart(10)} events/s`);
    console.log(`server peak RSS                       ${server.peakRssMb().toFixed(0)} MB`);
  } finally {
    await server.stop();
  }
}

/** `BENCH_SECTIONS=city,telemetry npm run bench` runs only those sections; all of them by default. */
const SECTIONS: Record<string, () => Promise<void>> = {
  ingest: ingestAndDetection,
  search: async () => printSearchBench(await benchSearch(SEARCH_N, process.env.BENCH_SEARCH_DIR)),
  city: async () => {
    await benchImpact();
    await benchEnrichment();
  },
  telemetry: benchTelemetry,
  intel: benchIndicators,
  vulns: benchVulns,
  posture: benchPosture,
};

async function main(): Promise<void> {
  const wanted = (process.env.BENCH_SECTIONS ?? Object.keys(SECTIONS).join(',')).split(',').map((s) => s.trim());
  for (const name of wanted) {
    const section = SECTIONS[name];
    if (!section) throw new Error(`Unknown bench section '${name}'; known: ${Object.keys(SECTIONS).join(', ')}`);
    await section();
    console.log('');
  }
}

await main();
