import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createAnomalyDetector, type AnomalyDetectorOptions } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * Precision and recall of the telemetry anomaly detector on the labelled real series of the Numenta Anomaly
 * Benchmark (../shared/data/nab-anomaly, MIT licence), scored the NAB way:
 * - each labelled window counts once: a true positive if at least one detection falls inside it, else a false
 *   negative; further detections inside the same window are neither;
 * - every detection outside all windows is a false positive;
 * - the first 15% of each series is NAB's probationary period: detections there are not scored, and windows that
 *   end there are not counted.
 * A detection is an alert onset (`onset`), not every anomalous reading: that is what an operator receives.
 * The same scoring is applied to two trivial detectors computed here, so the floor means something: "always on"
 * and "random" (as many scored detections as ours in each series, placed uniformly after the probationary
 * period, averaged over 200 seeds). The detector's defaults were chosen on these same series, so its figures are
 * in-sample (optimistic); the floor asserts the margin over the trivial detectors, not the exact F1.
 */

const NAB = path.resolve(import.meta.dirname, '../../../../../../shared/data/nab-anomaly');
const PROBATIONARY = 0.15;

const Windows = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));

/** NAB times are "2014-07-01 00:00:00[.000000]", in UTC. */
const nabTime = (text: string) => Date.parse(`${text.slice(0, 19).replace(' ', 'T')}Z`);

interface Series {
  name: string;
  times: number[];
  values: number[];
  windows: (readonly [number, number])[];
}

function loadSeries(): Series[] {
  const windows = Windows.parse(JSON.parse(readFileSync(path.join(NAB, 'labels/combined_windows.json'), 'utf8')));
  return Object.entries(windows)
    .filter(([name]) => existsSync(path.join(NAB, 'data', name)))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, spans]) => {
      const lines = readFileSync(path.join(NAB, 'data', name), 'utf8')
        .trim()
        .split(/\r?\n/);
      if (lines[0] !== 'timestamp,value') throw new Error(`${name}: unexpected header ${lines[0]}`);
      const rows = lines.slice(1).map((line) => line.split(','));
      return {
        name,
        times: rows.map(([time]) => nabTime(time!)),
        values: rows.map(([, value]) => Number(value)),
        windows: spans.map(([from, to]) => [nabTime(from), nabTime(to)] as const),
      };
    });
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const precision = (c: Counts) => (c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp));
const recall = (c: Counts) => (c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn));
const f1 = (c: Counts) => {
  const p = precision(c);
  const r = recall(c);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
};
const add = (a: Counts, b: Counts): Counts => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });

/** First reading scored: NAB's probationary period is the first 15% of each file. */
const firstScored = (s: Series) => Math.floor(s.values.length * PROBATIONARY);

/** NAB window scoring of detections given as reading indices. */
function scoreDetections(s: Series, detections: Iterable<number>): Counts {
  const start = s.times[firstScored(s)]!;
  const scoredWindows = s.windows.filter(([, to]) => to >= start);
  const hit = new Set<number>();
  let fp = 0;
  for (const i of detections) {
    const time = s.times[i]!;
    if (time < start) continue;
    const w = scoredWindows.findIndex(([from, to]) => time >= from && time <= to);
    if (w === -1) fp += 1;
    else hit.add(w);
  }
  return { tp: hit.size, fp, fn: scoredWindows.length - hit.size };
}

/** Runs one detector over every series (one key per series) and returns the onsets per series. */
function detect(series: Series[], options: AnomalyDetectorOptions = {}): number[][] {
  const detector = createAnomalyDetector(options);
  return series.map((s) => s.values.flatMap((value, i) => (detector.observe(s.name, 'value', value).onset ? [i] : [])));
}

/** Small seeded generator (LCG): the random baseline is the same on every run. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomBaseline(s: Series, detections: number, runs: number): Counts {
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const from = firstScored(s);
  for (let run = 0; run < runs; run += 1) {
    const next = lcg(run + 1);
    const picks = Array.from({ length: detections }, () => from + Math.floor(next() * (s.values.length - from)));
    const c = scoreDetections(s, picks);
    total.tp += c.tp / runs;
    total.fp += c.fp / runs;
    total.fn += c.fn / runs;
  }
  return total;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const row = (label: string, c: Counts) =>
  `${label.padEnd(58)} ${c.tp.toFixed(1).padStart(5)} ${c.fp.toFixed(1).padStart(6)} ${c.fn.toFixed(1).padStart(5)}` +
  `  P ${pct(precision(c))}  R ${pct(recall(c))}  F1 ${pct(f1(c))}`;

/** The floor: finds a good share of the windows, with precision well above chance. */
const clearsFloor = (c: Counts, random: Counts) => recall(c) >= 0.4 && precision(c) >= 2 * precision(random);

describe('telemetry anomaly detector on the NAB labelled series', () => {
  const series = loadSeries();

  it('finds the labelled series', () => {
    expect(series.length).toBeGreaterThanOrEqual(10);
    expect(series.every((s) => s.values.every(Number.isFinite) && s.times.every(Number.isFinite))).toBe(true);
  });

  it('beats the trivial detectors by a wide margin (figures printed)', () => {
    const onsets = detect(series);
    const perSeries = series.map((s, i) => ({
      s,
      ours: scoreDetections(s, onsets[i]!),
      random: randomBaseline(s, onsets[i]!.filter((j) => j >= firstScored(s)).length, 200),
      always: scoreDetections(
        s,
        s.values.map((_, j) => j),
      ),
    }));
    const zero: Counts = { tp: 0, fp: 0, fn: 0 };
    const ours = perSeries.reduce((sum, x) => add(sum, x.ours), zero);
    const random = perSeries.reduce((sum, x) => add(sum, x.random), zero);
    const always = perSeries.reduce((sum, x) => add(sum, x.always), zero);
    const robustOnsets = detect(series, { robust: true });
    const robust = series.reduce((sum, s, i) => add(sum, scoreDetections(s, robustOnsets[i]!)), zero);

    console.log(`NAB windows, EWMA z-score detector with default options (${series.length} series)`);
    console.log(`${'series'.padEnd(58)}    TP     FP    FN`);
    for (const x of perSeries) console.log(row(x.s.name, x.ours));
    console.log(row('overall', ours));
    console.log(row('overall, robust (winsorised) variant', robust));
    console.log(row('baseline: random, same number of detections (mean of 200)', random));
    console.log(row('baseline: always on', always));

    expect(clearsFloor(ours, random)).toBe(true);
    expect(clearsFloor(random, random)).toBe(false);
    expect(clearsFloor(always, random)).toBe(false);
    expect(f1(ours)).toBeGreaterThan(2 * Math.max(f1(random), f1(always)));
  });
});
