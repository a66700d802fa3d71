import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { checkRange, createAnomalyDetector, type AnomalyDetector } from './telemetry-anomaly.ts';

/** Seeded standard normal noise (LCG + Box-Muller): the same readings on every run. */
function gaussian(seed: number) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return (state + 1) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Feeds `count` readings of mean `level` and σ 1; returns how many were anomalous. */
function feed(detector: AnomalyDetector, count: number, level = 20, noise = gaussian(7), key = ['pump-1', 'temp']) {
  let anomalous = 0;
  for (let i = 0; i < count; i += 1) if (detector.observe(key[0]!, key[1]!, level + noise()).anomalous) anomalous += 1;
  return anomalous;
}

describe('checkRange', () => {
  it('reports the bound a reading breaks, bounds included in the range', () => {
    const range = { min: 0, max: 10, unit: 'bar' };
    expect(checkRange(-0.5, range)).toEqual({ bound: 'min', limit: 0 });
    expect(checkRange(10.01, range)).toEqual({ bound: 'max', limit: 10 });
    expect(checkRange(0, range)).toBeNull();
    expect(checkRange(10, range)).toBeNull();
  });

  it('checks only the bounds that are declared', () => {
    expect(checkRange(1e9, { min: 0 })).toBeNull();
    expect(checkRange(-1e9, { max: 5 })).toBeNull();
    expect(checkRange(6, { max: 5 })).toEqual({ bound: 'max', limit: 5 });
    expect(checkRange(42, {})).toBeNull();
  });

  it('treats infinities as out of range and NaN as no reading', () => {
    expect(checkRange(Number.POSITIVE_INFINITY, { max: 5 })).toEqual({ bound: 'max', limit: 5 });
    expect(checkRange(Number.NEGATIVE_INFINITY, { min: 0 })).toEqual({ bound: 'min', limit: 0 });
    expect(checkRange(Number.NaN, { min: 0, max: 5 })).toBeNull();
  });
});

describe('anomaly detector', () => {
  it('does not score during the warm-up', () => {
    const detector = createAnomalyDetector({ warmup: 30 });
    for (let i = 0; i < 29; i += 1) detector.observe('pump-1', 'temp', 20 + (i % 3));
    expect(detector.observe('pump-1', 'temp', 1e6)).toEqual({ score: 0, anomalous: false, onset: false });
  });

  it('flags a spike after the warm-up, with its z-score and sign', () => {
    const detector = createAnomalyDetector();
    feed(detector, 500);
    const up = detector.observe('pump-1', 'temp', 40);
    expect(up.anomalous).toBe(true);
    expect(up.onset).toBe(true);
    expect(up.score).toBeGreaterThan(15);
    feed(detector, 200);
    const down = detector.observe('pump-1', 'temp', 0);
    expect(down.anomalous).toBe(true);
    expect(down.score).toBeLessThan(-15);
  });

  it('stays quiet on stationary noise', () => {
    const detector = createAnomalyDetector();
    expect(feed(detector, 20_000)).toBe(0);
    expect(detector.stats()).toMatchObject({ keys: 1, observations: 20_000, anomalous: 0 });
  });

  it('opens one episode per anomaly: later anomalous readings are not onsets until it has been quiet', () => {
    const detector = createAnomalyDetector({ quietObservations: 10 });
    feed(detector, 500);
    expect(detector.observe('pump-1', 'temp', 60).onset).toBe(true);
    expect(detector.observe('pump-1', 'temp', 60)).toMatchObject({ anomalous: true, onset: false });
    feed(detector, 9, 20, gaussian(3));
    expect(detector.observe('pump-1', 'temp', 60)).toMatchObject({ anomalous: true, onset: false });
    feed(detector, 10, 20, gaussian(4));
    expect(detector.observe('pump-1', 'temp', 60)).toMatchObject({ anomalous: true, onset: true });
  });

  it('learns a lasting level shift and stops flagging it', () => {
    const detector = createAnomalyDetector();
    feed(detector, 1000);
    expect(detector.observe('pump-1', 'temp', 30).onset).toBe(true);
    expect(feed(detector, 50, 30, gaussian(11))).toBeGreaterThan(0);
    feed(detector, 2000, 30, gaussian(12));
    expect(feed(detector, 1000, 30, gaussian(13))).toBe(0);
  });

  it('scores a change of a perfectly flat signal as finite', () => {
    const detector = createAnomalyDetector();
    for (let i = 0; i < 100; i += 1) detector.observe('valve-1', 'position', 1);
    const result = detector.observe('valve-1', 'position', 2);
    expect(Number.isFinite(result.score)).toBe(true);
    expect(result.anomalous).toBe(true);
  });

  it('keeps one baseline per (device, metric)', () => {
    const detector = createAnomalyDetector();
    feed(detector, 500, 20, gaussian(1), ['pump-1', 'temp']);
    feed(detector, 500, 900, gaussian(2), ['pump-1', 'pressure']);
    feed(detector, 500, -5, gaussian(3), ['pump-2', 'temp']);
    expect(detector.observe('pump-1', 'temp', 20).anomalous).toBe(false);
    expect(detector.observe('pump-1', 'pressure', 20).anomalous).toBe(true);
    expect(detector.observe('pump-2', 'temp', 20).anomalous).toBe(true);
    expect(detector.stats().keys).toBe(3);
  });

  it('neither scores nor learns readings that are not finite numbers', () => {
    const detector = createAnomalyDetector();
    feed(detector, 500);
    expect(detector.observe('pump-1', 'temp', Number.NaN)).toMatchObject({ anomalous: false });
    expect(detector.observe('pump-1', 'temp', Number.POSITIVE_INFINITY)).toMatchObject({ anomalous: false });
    expect(detector.observe('pump-1', 'temp', 20).anomalous).toBe(false);
    expect(detector.stats().notFinite).toBe(2);
  });

  it('robust variant: a spike does not inflate σ enough to mask the next one', () => {
    const plain = createAnomalyDetector();
    const robust = createAnomalyDetector({ robust: true });
    for (const detector of [plain, robust]) {
      feed(detector, 1000);
      expect(detector.observe('pump-1', 'temp', 70).anomalous).toBe(true);
    }
    expect(plain.observe('pump-1', 'temp', 36).anomalous).toBe(false);
    expect(robust.observe('pump-1', 'temp', 36).anomalous).toBe(true);
  });

  it('forgets a baseline on request', () => {
    const detector = createAnomalyDetector();
    feed(detector, 500);
    expect(detector.forget('pump-1', 'temp')).toBe(true);
    expect(detector.forget('pump-1', 'temp')).toBe(false);
    expect(detector.observe('pump-1', 'temp', 1e6).anomalous).toBe(false); // warming up again
  });

  it('refuses bad options', () => {
    expect(() => createAnomalyDetector({ alpha: 0 })).toThrow(InputError);
    expect(() => createAnomalyDetector({ alpha: 2 })).toThrow(/alpha/);
    expect(() => createAnomalyDetector({ threshold: Number.NaN })).toThrow(/threshold/);
    expect(() => createAnomalyDetector({ maxKeys: 0 })).toThrow(/maxKeys/);
  });
});

describe('anomaly detector: key cap', () => {
  it('evicts a device not updated since eviction last passed it, and counts its baselines', () => {
    const detector = createAnomalyDetector({ maxKeys: 4, warmup: 2 });
    for (const key of [
      ['a', 'm'],
      ['a', 'n'],
      ['b', 'm'],
      ['c', 'm'],
    ])
      feed(detector, 5, 20, gaussian(1), key);
    detector.observe('e', 'm', 20); // a, b, c all recent: each gets a second chance, then a (the oldest) goes
    expect(detector.stats()).toMatchObject({ keys: 3, evicted: 2 });
    detector.observe('b', 'm', 20); // b recent again, c not
    detector.observe('f', 'm', 20); // fits: 4 keys
    detector.observe('g', 'm', 20); // b gets a second chance, c goes
    expect(detector.forget('c', 'm')).toBe(false);
    expect(detector.forget('b', 'm')).toBe(true);
    expect(detector.stats()).toMatchObject({ keys: 3, evicted: 3 });
  });

  it('devices that keep reporting keep their baselines through a flood of one-off ids', () => {
    const detector = createAnomalyDetector({ maxKeys: 100 });
    const noise = gaussian(5);
    for (let round = 0; round < 200; round += 1) {
      for (let d = 0; d < 10; d += 1) detector.observe(`pump-${d}`, 'temp', 20 + noise());
      for (let i = 0; i < 50; i += 1) detector.observe(`spoofed-${round}-${i}`, 'temp', 1e6);
    }
    expect(detector.observe('pump-3', 'temp', 40).anomalous).toBe(true); // still warmed up: never evicted
    expect(detector.stats().keys).toBeLessThanOrEqual(100);
  });

  it('a flood of distinct device ids cannot grow memory past the cap', () => {
    const detector = createAnomalyDetector({ maxKeys: 1000 });
    for (let i = 0; i < 100_000; i += 1) detector.observe(`spoofed-${i}`, 'temp', i);
    expect(detector.stats()).toMatchObject({ keys: 1000, evicted: 99_000 });
  });

  it("'refuse' keeps the existing baselines and scores new keys as not anomalous", () => {
    const detector = createAnomalyDetector({ maxKeys: 1, whenFull: 'refuse' });
    feed(detector, 500);
    expect(detector.observe('intruder', 'temp', 1e9)).toMatchObject({ anomalous: false });
    expect(detector.observe('pump-1', 'temp', 60).anomalous).toBe(true);
    expect(detector.stats()).toMatchObject({ keys: 1, refused: 1, evicted: 0 });
  });
});
