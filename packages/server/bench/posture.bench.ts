/**
 * Posture figures for `npm run bench`: the shipped control catalogue evaluated on a synthetic city of 100,000
 * assets (every asset type, zones, a temperature/humidity sensor per server room, half the servers reporting
 * antivirus and hardening, a share of open findings), then rolled up per department, service and direction.
 * The service evaluates this every five minutes and after changes; the figure says what one evaluation costs.
 */
import { loadavg } from 'node:os';
import {
  type Asset,
  ASSET_TYPES,
  evaluateControls,
  type Observation,
  type OpenFinding,
  postureReport,
} from '@citysoc/core';
import { createLogger } from '../src/platform/log.ts';
import { loadControls } from '../src/features/posture/index.ts';

const ASSETS = Number(process.env.BENCH_POSTURE_ASSETS ?? 100_000);
const DEPARTMENTS = 20;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function benchPosture(): Promise<void> {
  const controls = loadControls(undefined, createLogger('silent'));
  const now = Date.parse('2026-11-22T12:00:00Z');
  const assets: Asset[] = [];
  const observations = new Map<string, Map<string, Observation>>();
  const findings = new Map<string, OpenFinding[]>();
  const servicesOf = new Map<string, string[]>();
  for (let i = 0; i < ASSETS; i++) {
    const type = ASSET_TYPES[i % ASSET_TYPES.length]!;
    const zone = ['it', 'ot', 'dmz', `room-${i % 500}`][i % 4]!;
    const id = `a-${i}`;
    const sensor = i % 200 === 0;
    assets.push({
      id,
      name: id,
      type: sensor ? 'sensor' : type,
      department: `d-${i % DEPARTMENTS}`,
      criticality: (['low', 'medium', 'high', 'critical'] as const)[i % 4]!,
      zone,
      ip: [],
      hostnames: [],
      device_ids: [],
      software: [],
      depends_on: [],
      ...(sensor && { metrics: { temperature: { min: 15, max: 27 }, humidity: { min: 20, max: 70 } } }),
      created_at: '',
      updated_at: '',
      status: i % 97 === 0 ? 'silent' : 'operational',
      status_changed_at: null,
    } as Asset);
    const seen = new Map<string, Observation>();
    if (i % 2 === 0)
      seen.set('antivirus', { state: i % 10 === 0 ? 'disabled' : 'ok', value: null, at: now - 3_600_000 });
    if (i % 3 === 0) seen.set('hardening_score', { state: null, value: 60 + (i % 40), at: now - 86_400_000 });
    if (sensor) {
      seen.set('temperature', { state: null, value: 22, at: now - 60_000 });
      seen.set('humidity', { state: null, value: 45, at: now - 60_000 });
    }
    if (seen.size > 0) observations.set(id, seen);
    if (i % 7 === 0)
      findings.set(id, [{ priority: i % 14 === 0 ? 'P1' : 'P3', due: '2026-12-31', cve: 'CVE-2024-0001' }]);
    servicesOf.set(id, [`s-${i % 300}`]);
  }
  const departments = Array.from({ length: DEPARTMENTS }, (_, i) => `d-${i}`);
  const runs: { evaluate: number; report: number; results: number }[] = [];
  for (let run = 0; run < 3; run++) {
    let started = performance.now();
    const results = evaluateControls({
      controls,
      assets,
      departments,
      servicesOf,
      observations,
      findings,
      attestations: [],
      now,
    });
    const evaluate = performance.now() - started;
    started = performance.now();
    postureReport(results, { controls, departments, servicesOf, now });
    runs.push({ evaluate, report: performance.now() - started, results: results.length });
  }
  const best = runs.reduce((a, b) => (a.evaluate + a.report <= b.evaluate + b.report ? a : b));
  console.log(
    `posture: ${fmt(controls.length)} controls on ${fmt(ASSETS)} assets in ${DEPARTMENTS} departments; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `  evaluate controls                   ${fmt(best.evaluate).padStart(10)} ms  (${fmt(best.results)} results, ${((best.evaluate * 1000) / best.results).toFixed(2)} µs/result)`,
  );
  console.log(`  roll up (departments, services, gaps) ${fmt(best.report).padStart(8)} ms`);
}
