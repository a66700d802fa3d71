/**
 * Search latency over a large event store (`npm run bench:search`, and the search part of `npm run bench`).
 * BENCH_SEARCH_EVENTS events (default 1M; 10000000 for the 10M figure) spread over the 30 days before
 * now, loaded through the store's append path, then the queries a SOC operator runs, timed through the events
 * service as the HTTP route calls it. BENCH_SEARCH_DIR keeps the loaded store in that directory and reuses it
 * on the next run (loading 10M events takes a while); without it a temporary directory is used and deleted.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EventSearchRequest, type Principal, SYSTEM_PRINCIPAL, userPrincipal } from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import { loadConfig } from '../src/config.ts';
import { appendEvents, type EventRow } from '../src/features/events/index.ts';
import { openServices, type Services } from '../src/main.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const RUNS = 10;
const DEPARTMENTS = ['water', 'energy', 'transport', 'it'] as const;

export interface QueryTiming {
  label: string;
  p50: number;
  p95: number;
  /** Events on the page, or for a histogram the events counted over all its buckets. */
  hits: number;
}

export interface SearchBenchResult {
  events: number;
  /** Events per second through appendEvents; null when an existing store was reused. */
  loadRate: number | null;
  storeBytes: number;
  queries: QueryTiming[];
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A spread of 1M addresses, so a given address appears a handful of times in 10M events. */
function internalIp(k: number): string {
  return `10.${(k >> 16) & 15}.${(k >> 8) & 255}.${k & 255}`;
}

/**
 * A 32-bit integer hash (the finaliser of MurmurHash3): consecutive events get unrelated addresses, users and
 * hosts, as in real traffic, with no correlation between the event's kind (i % 20) and the value picked.
 */
function spread(i: number, modulo: number): number {
  let h = i + 1;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return ((h ^ (h >>> 16)) >>> 0) % modulo;
}

function departmentOf(host: number): string {
  return DEPARTMENTS[host % DEPARTMENTS.length] as string;
}

/**
 * One event of a realistic mix: 60% Suricata flows from 20 sensors, 15% sshd lines from 200 servers,
 * 10% Windows logons from 500 workstations, 15% telemetry from 300 PLCs and sensors known as assets.
 * Stored as ingest stores them: JSON input keeps its text in `original` (raw null), syslog keeps `raw`.
 */
export function benchEventRow(i: number, ts: string): EventRow {
  const kind = i % 20;
  const common = { id: timeOrderedUuid(), ts, ingested: ts, original: null, raw: null } as const;
  if (kind < 12) {
    const sensor = i % 20;
    const ip = internalIp(spread(i, 1 << 20));
    const server = `192.168.${spread(i, 8)}.${spread(i * 3, 250)}`;
    const port = [443, 80, 53, 502, 3389, 22][spread(i * 7, 6)] as number;
    const original = {
      timestamp: ts,
      flow_id: 1_000_000_000 + i,
      event_type: 'flow',
      src_ip: ip,
      src_port: 1024 + (i % 60000),
      dest_ip: server,
      dest_port: port,
      proto: 'TCP',
      flow: { pkts_toserver: 12, pkts_toclient: 10, bytes_toserver: 1804, bytes_toclient: 6672, state: 'closed' },
    };
    const department = departmentOf(sensor);
    const document = {
      '@timestamp': ts,
      source: { ip, port: original.src_port },
      destination: { ip: server, port },
      network: { transport: 'tcp' },
      host: { name: `ids-${sensor}` },
      event: { category: ['network'], kind: 'event', dataset: 'suricata.flow', ingested: ts },
      citysoc: { source: 'suricata-eve', channel: 'http', department },
    };
    return {
      ...common,
      source: 'suricata-eve',
      department_id: department,
      category: 'network',
      host_name: `ids-${sensor}`,
      source_ip: ip,
      destination_ip: server,
      user_name: null,
      asset_id: null,
      document: JSON.stringify(document),
      original: JSON.stringify(original),
    };
  }
  if (kind < 15) {
    const host = spread(i, 200);
    const user = `user${spread(i * 5, 1000)}`;
    const ip = `203.0.${spread(i * 11, 256)}.${spread(i * 13, 256)}`;
    const failed = i % 3 !== 0;
    const raw = `<38>Nov 22 12:00:00 srv-${host} sshd[${1000 + (i % 500)}]: ${failed ? 'Failed' : 'Accepted'} password for ${user} from ${ip} port ${20000 + (i % 40000)} ssh2`;
    const department = departmentOf(host);
    const document = {
      '@timestamp': ts,
      host: { name: `srv-${host}` },
      user: { name: user },
      source: { ip },
      process: { name: 'sshd', pid: 1000 + (i % 500) },
      event: { category: ['authentication'], outcome: failed ? 'failure' : 'success', ingested: ts },
      citysoc: { source: 'linux-auth', channel: 'syslog-tcp', department, asset_id: `srv-${host}` },
    };
    return {
      ...common,
      source: 'linux-auth',
      department_id: department,
      category: 'authentication',
      host_name: `srv-${host}`,
      source_ip: ip,
      destination_ip: null,
      user_name: user,
      asset_id: `srv-${host}`,
      document: JSON.stringify(document),
      raw,
    };
  }
  if (kind < 17) {
    const host = spread(i, 500);
    const user = `user${spread(i * 5, 1000)}`;
    const code = i % 4 === 0 ? '4625' : '4624';
    const original = {
      EventID: Number(code),
      Computer: `ws-${host}.city.local`,
      TargetUserName: user,
      IpAddress: internalIp(spread(i * 17, 1 << 20)),
      LogonType: 3,
    };
    const department = departmentOf(host);
    const document = {
      '@timestamp': ts,
      host: { name: `ws-${host}` },
      user: { name: user },
      source: { ip: original.IpAddress },
      event: { code, category: ['authentication'], ingested: ts },
      winlog: { channel: 'Security', event_id: code },
      citysoc: { source: 'windows-json', channel: 'http', department },
    };
    return {
      ...common,
      source: 'windows-json',
      department_id: department,
      category: 'authentication',
      host_name: `ws-${host}`,
      source_ip: original.IpAddress,
      destination_ip: null,
      user_name: user,
      asset_id: null,
      document: JSON.stringify(document),
      original: JSON.stringify(original),
    };
  }
  const device = spread(i, 300);
  const original = { device_id: `plc-${device}`, metric: 'pressure', value: 2 + (i % 90) / 100, unit: 'bar' };
  const department = departmentOf(device);
  const document = {
    '@timestamp': ts,
    host: { name: `plc-${device}` },
    device: { id: `plc-${device}` },
    sensor: { metric: 'pressure', value: original.value, unit: 'bar' },
    event: { category: ['telemetry'], ingested: ts },
    citysoc: { source: 'device-telemetry', channel: 'mqtt', department, asset_id: `plc-${device}` },
  };
  return {
    ...common,
    source: 'device-telemetry',
    department_id: department,
    category: 'telemetry',
    host_name: `plc-${device}`,
    source_ip: null,
    destination_ip: null,
    user_name: null,
    asset_id: `plc-${device}`,
    document: JSON.stringify(document),
    original: JSON.stringify(original),
  };
}

async function load(services: Services, count: number, newest: number): Promise<number> {
  const spacing = (30 * DAY_MS) / count;
  const started = performance.now();
  for (let offset = 0; offset < count; offset += 10_000) {
    const rows: EventRow[] = [];
    for (let i = offset; i < Math.min(count, offset + 10_000); i += 1) {
      rows.push(benchEventRow(i, new Date(newest - (count - 1 - i) * spacing).toISOString()));
    }
    await appendEvents(services.store, rows);
    if (process.stderr.isTTY) process.stderr.write(`\rloading ${offset + rows.length} / ${count}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  return (count / (performance.now() - started)) * 1000;
}

async function timed(run: () => Promise<number>): Promise<Omit<QueryTiming, 'label'>> {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    hits = await run();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), hits };
}

/** The queries, with absolute times computed from the newest stored event so a reused store gives the same. */
async function runQueries(services: Services, count: number, newest: number): Promise<QueryTiming[]> {
  const ago = (ms: number) => new Date(newest - ms).toISOString();
  const waterResponder: Principal = userPrincipal({
    id: 'bench',
    username: 'bench',
    role: 'responder',
    departmentIds: ['water'],
  });
  // An address that exists: the source of the newest flow event (i % 20 === 0 is a flow).
  const needle = internalIp(spread(count - 1 - ((count - 1) % 20), 1 << 20));
  const search = (actor: Principal, request: Partial<EventSearchRequest>) => async () =>
    (await services.events.search(actor, { query: '', limit: 100, ...request })).events.length;
  const histogram = (request: Partial<EventSearchRequest>) => async () =>
    (await services.events.histogram(SYSTEM_PRINCIPAL, { query: '', ...request })).buckets.reduce(
      (sum, b) => sum + b.count,
      0,
    );
  const secondPage = (actor: Principal, request: Partial<EventSearchRequest>) => async () => {
    const first = await services.events.search(actor, { query: '', limit: 100, ...request });
    if (first.nextCursor === null) return 0;
    const page = await services.events.search(actor, { query: '', limit: 100, ...request, cursor: first.nextCursor });
    return page.events.length;
  };
  const all = SYSTEM_PRINCIPAL;
  const cases: [string, () => Promise<number>][] = [
    ['newest 100, no filter', search(all, {})],
    ['source.ip (rare), all time', search(all, { query: `source.ip:${needle}` })],
    ['host.name, all time', search(all, { query: 'host.name:srv-7' })],
    ['host.name, last 24 h', search(all, { query: 'host.name:srv-7', from: ago(DAY_MS) })],
    ['host.name (no such host), all time', search(all, { query: 'host.name:srv-9999' })],
    ['host.name wildcard, last 24 h', search(all, { query: 'host.name:plc-1*', from: ago(DAY_MS) })],
    ['user.name, all time', search(all, { query: 'user.name:user42' })],
    ['user.name, last 24 h', search(all, { query: 'user.name:user42', from: ago(DAY_MS) })],
    ['asset (citysoc.asset_id), all time', search(all, { query: 'citysoc.asset_id:plc-17' })],
    [
      'IP either side (OR), last 7 d',
      search(all, { query: `source.ip:${needle} OR destination.ip:${needle}`, from: ago(7 * DAY_MS) }),
    ],
    ['free text, last hour', search(all, { query: '"Failed password"', from: ago(HOUR_MS) })],
    ['free text (no match), last hour', search(all, { query: '"no such phrase"', from: ago(HOUR_MS) })],
    ['JSON field, last 24 h', search(all, { query: 'destination.port:3389', from: ago(DAY_MS) })],
    ['JSON field (rare), last hour', search(all, { query: 'event.code:4625 user.name:user42', from: ago(HOUR_MS) })],
    ['histogram, no filter, last 24 h', histogram({ from: ago(DAY_MS) })],
    ['histogram, host.name, all time', histogram({ query: 'host.name:srv-7' })],
    ['histogram, no filter, last 7 d', histogram({ from: ago(7 * DAY_MS) })],
    ['histogram, no filter, all time', histogram({})],
    ['department: newest 100', search(waterResponder, {})],
    ['department: host.name, all time', search(waterResponder, { query: 'host.name:srv-8' })],
    ['department: source.ip (rare)', search(waterResponder, { query: `source.ip:${needle}` })],
    // The IDS sensor ids-1 belongs to energy: every one of its events is read and refused by the scope.
    ["department: other department's host", search(waterResponder, { query: 'host.name:ids-1' })],
    ['department: user.name, last 24 h', search(waterResponder, { query: 'user.name:user42', from: ago(DAY_MS) })],
    ['second page (cursor), no filter', secondPage(all, {})],
    ['second page (cursor), host.name', secondPage(all, { query: 'host.name:srv-7' })],
    ['second page (cursor), department', secondPage(waterResponder, { query: 'host.name:srv-8' })],
  ];
  const results: QueryTiming[] = [];
  for (const [label, run] of cases) results.push({ label, ...(await timed(run)) });
  return results;
}

/** Loads (or reuses) the store and times the queries. */
export async function benchSearch(count: number, keepDir?: string): Promise<SearchBenchResult> {
  const dir = keepDir ?? mkdtempSync(path.join(tmpdir(), 'citysoc-bench-search-'));
  const reuse = keepDir !== undefined && existsSync(path.join(keepDir, 'citysoc.db'));
  if (keepDir !== undefined) mkdirSync(keepDir, { recursive: true });
  const services = await openServices(loadConfig({}, { dataDir: dir, logLevel: 'silent', ingestWorkers: 0 }));
  try {
    let loadRate: number | null = null;
    if (!reuse) loadRate = await load(services, count, Math.floor(Date.now() / 1000) * 1000);
    const newestEvent = (await services.events.search(SYSTEM_PRINCIPAL, { query: '', limit: 1 })).events[0];
    if (!newestEvent) throw new Error('the search bench store is empty');
    const stored = await services.events.count(SYSTEM_PRINCIPAL);
    const queries = await runQueries(services, stored, Date.parse(newestEvent.timestamp));
    const storeBytes = ['citysoc.db', 'citysoc.db-wal']
      .map((f) => path.join(dir, f))
      .filter((f) => existsSync(f))
      .reduce((sum, f) => sum + statSync(f).size, 0);
    return { events: stored, loadRate, storeBytes, queries };
  } finally {
    await services.close();
    if (keepDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

export function printSearchBench(result: SearchBenchResult): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const loaded =
    result.loadRate === null ? 'a reused store' : `loaded at ${fmt(result.loadRate)} events/s through appendEvents`;
  console.log(
    `search over ${fmt(result.events)} stored events (${loaded}; ${(result.storeBytes / 1e9).toFixed(1)} GB), ${RUNS} runs each`,
  );
  console.log(`  ${'query'.padEnd(38)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  hits`);
  for (const q of result.queries) {
    console.log(`  ${q.label.padEnd(38)} ${q.p50.toFixed(1).padStart(8)} ${q.p95.toFixed(1).padStart(8)}  ${q.hits}`);
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.env.BENCH_SEARCH_EVENTS ?? 1_000_000);
  printSearchBench(await benchSearch(count, process.env.BENCH_SEARCH_DIR));
}
