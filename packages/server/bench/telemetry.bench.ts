/**
 * Telemetry figures for `npm run bench`: the silence tracker with 100k watched devices on a fake clock (cost of
 * a report, cost of advancing one simulated second, heap per device) and the anomaly detector (cost of an
 * observation, heap per baseline). Deterministic load; numbers vary with the machine only. Run alone:
 *   npx tsx -e "import('./packages/server/bench/telemetry.bench.ts').then((m) => m.benchTelemetry())"
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAnomalyDetector, createSilenceTracker } from '@citysoc/core';

const DEVICES = Number(process.env.BENCH_TELEMETRY_DEVICES ?? 100_000);
/** Every device reports once per interval, at its own offset: DEVICES / INTERVAL_S reports per second. */
const INTERVAL_S = Number(process.env.BENCH_TELEMETRY_INTERVAL_S ?? 10);
const SIMULATED_S = Number(process.env.BENCH_TELEMETRY_SECONDS ?? 300);
/** One device in SILENT_EVERY stops reporting after the first minute. */
const SILENT_EVERY = 100;
const OBSERVATIONS = 2_000_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** A real `gc()` for heap deltas without starting node with --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? () => void gc() : () => undefined;
}

function heapUsed(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed;
}

function silenceFigures(gc: () => void) {
  const keys = Array.from({ length: DEVICES }, (_, i) => `sensor-${i}`);
  let now = 1_763_812_800_000;
  const before = heapUsed(gc);
  const tracker = createSilenceTracker({ now: () => now });
  for (const key of keys) tracker.watch(key, INTERVAL_S * 1000);
  for (let i = 0; i < DEVICES; i += 1) tracker.seen(keys[i]!);
  const heapBytes = heapUsed(gc) - before;

  let seenMs = 0;
  let advanceMs = 0;
  let reports = 0;
  let silences = 0;
  const ticksBefore = tracker.stats().wheel.ticks;
  for (let second = 1; second <= SIMULATED_S; second += 1) {
    now += 1000;
    let t = performance.now();
    for (let i = second % INTERVAL_S; i < DEVICES; i += INTERVAL_S) {
      if (i % SILENT_EVERY === 0 && second > 60) continue;
      tracker.seen(keys[i]!);
      reports += 1;
    }
    seenMs += performance.now() - t;
    t = performance.now();
    silences += tracker.advance().length;
    advanceMs += performance.now() - t;
  }
  const stats = tracker.stats();
  return {
    heapBytes,
    reports,
    seenUs: (seenMs * 1000) / reports,
    advanceMsPerSecond: advanceMs / SIMULATED_S,
    silences,
    ticks: stats.wheel.ticks - ticksBefore,
    silentNow: stats.silent,
  };
}

function anomalyFigures(gc: () => void) {
  const devices = Array.from({ length: DEVICES }, (_, i) => `sensor-${i}`);
  const before = heapUsed(gc);
  const detector = createAnomalyDetector();
  for (const device of devices) detector.observe(device, 'temperature', 20);
  const heapBytes = heapUsed(gc) - before;
  let state = 7;
  const values = Float64Array.from({ length: 4096 }, () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return 20 + state / 2 ** 32;
  });
  let anomalous = 0;
  const started = performance.now();
  for (let i = 0; i < OBSERVATIONS; i += 1) {
    if (detector.observe(devices[i % DEVICES]!, 'temperature', values[i & 4095]!).anomalous) anomalous += 1;
  }
  const observeUs = ((performance.now() - started) * 1000) / OBSERVATIONS;
  return { heapBytes, observeUs, anomalous };
}

export async function benchTelemetry(): Promise<void> {
  const gc = collector();
  const silence = silenceFigures(gc);
  console.log(
    `silence tracker: ${fmt(DEVICES)} devices watched, ${fmt(DEVICES / INTERVAL_S)} reports/s for ${SIMULATED_S} simulated s (fake clock), 1 in ${SILENT_EVERY} goes silent`,
  );
  console.log(`  seen (report, deadline rescheduled)  ${silence.seenUs.toFixed(3).padStart(10)} µs/report`);
  console.log(
    `  advance, per simulated second        ${silence.advanceMsPerSecond.toFixed(3).padStart(10)} ms  (${fmt(silence.silences)} silences, ${fmt(silence.ticks)} wheel ticks)`,
  );
  console.log(
    `  heap, watched devices                ${(silence.heapBytes / 1024 / 1024).toFixed(1).padStart(10)} MB  (${fmt(silence.heapBytes / DEVICES)} bytes/device)`,
  );
  const anomaly = anomalyFigures(gc);
  console.log(`anomaly detector: ${fmt(DEVICES)} (device, metric) baselines, ${fmt(OBSERVATIONS)} observations`);
  console.log(`  observe (score + learn)              ${anomaly.observeUs.toFixed(3).padStart(10)} µs/observation`);
  console.log(
    `  heap, baselines                      ${(anomaly.heapBytes / 1024 / 1024).toFixed(1).padStart(10)} MB  (${fmt(anomaly.heapBytes / DEVICES)} bytes/key)`,
  );
}
