import { InputError } from '../errors.ts';
import { type MetricRange } from './inventory.ts';

/** Which declared bound a reading broke, and that bound. */
export interface RangeViolation {
  bound: 'min' | 'max';
  limit: number;
}

/**
 * Checks a reading against the asset's declared range (`metrics.<name>` in the inventory); bounds are inclusive
 * and either may be absent. NaN has no order and is never a violation here: the anomaly detector counts it as
 * not a reading.
 */
export function checkRange(value: number, range: MetricRange): RangeViolation | null {
  if (range.min !== undefined && value < range.min) return { bound: 'min', limit: range.min };
  if (range.max !== undefined && value > range.max) return { bound: 'max', limit: range.max };
  return null;
}

/** The verdict on one observation. */
export interface AnomalyScore {
  /** z-score of the reading against the baseline before it: (x − mean) / σ; 0 while warming up. */
  score: number;
  /** |score| ≥ threshold after the warm-up. */
  anomalous: boolean;
  /** First anomalous reading after `quietObservations` normal ones: where an alert opens (one per episode). */
  onset: boolean;
}

export interface AnomalyDetectorOptions {
  /** EWMA weight of the newest reading (default 0.005): its memory is like a moving average of 2/α = 400. */
  alpha?: number;
  /** |z| at or above which a reading is anomalous (default 5). */
  threshold?: number;
  /** Readings per key before scoring starts (default 30: enough for a first estimate of σ). */
  warmup?: number;
  /**
   * Robust update (default false): a reading beyond the threshold updates the baseline as if it were at the
   * threshold (winsorised), so a spike does not inflate σ and mask the next one; a lasting level shift is still
   * learnt, but more slowly. Off by default because on the NAB series, where most anomalies are lasting shifts,
   * it reopens the same episode and loses precision; turn it on for signals with isolated spikes.
   */
  robust?: boolean;
  /** Normal readings that close an episode, so the next anomalous reading is an onset again (default 100). */
  quietObservations?: number;
  /** Most (device, metric) baselines kept (default 1 000 000); see `whenFull`. */
  maxKeys?: number;
  /**
   * At `maxKeys`: 'evict_idle' (default) drops the baselines of a device not updated recently (second-chance
   * order, so ids seen once, as in a flood of spoofed ids, go before devices that keep reporting); 'refuse'
   * scores a new key as not anomalous without keeping it. Either way it is counted.
   */
  whenFull?: 'evict_idle' | 'refuse';
}

/** Counters for a status page. */
export interface AnomalyDetectorStats {
  keys: number;
  observations: number;
  anomalous: number;
  /** Readings that are not finite numbers: not scored, not learnt. */
  notFinite: number;
  evicted: number;
  refused: number;
}

/** Streaming per-(device, metric) baselines; O(1) time and memory per key. */
export interface AnomalyDetector {
  observe(device: string, metric: string, value: number): AnomalyScore;
  /** Drops the baselines of a device's metric (inventory change, recalibrated sensor). */
  forget(device: string, metric: string): boolean;
  stats(): AnomalyDetectorStats;
}

/**
 * A device's baselines. `recent` is the second-chance bit of the CLOCK eviction: set on each update, cleared
 * when eviction passes over the device, which then moves to the back of the queue instead of being dropped.
 */
class DeviceBaselines {
  readonly metrics = new Map<string, Baseline>();
  recent = false;
}

class Baseline {
  count = 0;
  mean = 0;
  variance = 0;
  /** Normal readings since the last anomalous one; starts "quiet" so the first anomaly is an onset. */
  quiet = Number.POSITIVE_INFINITY;
}

const notScored = (): AnomalyScore => ({ score: 0, anomalous: false, onset: false });

function option(name: string, value: number, min: number, max = Number.POSITIVE_INFINITY): number {
  if (!Number.isFinite(value) && value !== max) throw new InputError(`${name} must be a number`);
  if (value < min || value > max) throw new InputError(`${name} must be between ${min} and ${max}`);
  return value;
}

/**
 * Creates a detector. Model, per (device, metric), an exponentially weighted mean and variance (West 1979;
 * Finch 2009, "Incremental calculation of weighted mean and variance"), with n the readings learnt so far:
 *
 *     w = max(α, 1/n);   d = x − μ;   μ ← μ + w·d;   σ² ← (1 − w)·(σ² + w·d²)
 *     z = (x − μ_before) / max(σ_before, ε·max(|μ_before|, 1))
 *
 * w = 1/n makes the first 1/α readings a plain running mean and variance, so the baseline is unbiased from the
 * start instead of creeping up from zero variance; after that it forgets at rate α. Each reading is scored
 * against the baseline *before* it, then learnt. Why this model: three numbers per key, it adapts to slow drift
 * (a sensor ageing, seasons) at a rate set by one parameter, and its score reads as "standard deviations from
 * normal", which operators understand. It does not model daily cycles: the variance absorbs them, so it finds
 * breaks in behaviour (failures, stuck values, jumps) rather than "busy for a Tuesday" (NYC taxi holidays go
 * unseen). ε = 1e-3 keeps a perfectly flat signal from scoring infinity on its first change.
 *
 * Defaults were chosen on the labelled NAB series (anomaly.nab.int.test.ts prints the figures): α 0.005,
 * threshold 5, 100 quiet readings per episode; the F1 surface is flat around them (α 0.002-0.01 or threshold 6
 * lose at most 5 points of F1), so they are not a knife-edge fit.
 */
export function createAnomalyDetector(options: AnomalyDetectorOptions = {}): AnomalyDetector {
  const alpha = option('alpha', options.alpha ?? 0.005, Number.MIN_VALUE, 1);
  const threshold = option('threshold', options.threshold ?? 5, Number.MIN_VALUE);
  const warmup = option('warmup', options.warmup ?? 30, 0);
  const robust = options.robust ?? false;
  const quietObservations = option('quietObservations', options.quietObservations ?? 100, 0);
  const maxKeys = option('maxKeys', options.maxKeys ?? 1_000_000, 1);
  const whenFull = options.whenFull ?? 'evict_idle';
  const epsilon = 1e-3;

  /**
   * Device → metric → baseline rather than one map keyed by "device|metric": building and hashing a joined key
   * on every reading cost more than the rest of `observe`. The outer map's insertion order is the CLOCK queue.
   */
  const devices = new Map<string, DeviceBaselines>();
  let keys = 0;
  const counts = { observations: 0, anomalous: 0, notFinite: 0, evicted: 0, refused: 0 };

  /** Drops one idle device's baselines; each device passed over costs one move, paid for by its last update. */
  const evictIdleDevice = () => {
    for (const [id, candidate] of devices) {
      devices.delete(id);
      if (candidate.recent) {
        candidate.recent = false;
        devices.set(id, candidate);
        continue;
      }
      keys -= candidate.metrics.size;
      counts.evicted += candidate.metrics.size;
      return;
    }
  };

  const baselineFor = (device: string, metric: string): Baseline | null => {
    const found = devices.get(device);
    const baseline = found?.metrics.get(metric);
    if (found !== undefined && baseline !== undefined) {
      found.recent = true;
      return baseline;
    }
    if (keys >= maxKeys) {
      if (whenFull === 'refuse') {
        counts.refused += 1;
        return null;
      }
      while (keys >= maxKeys) evictIdleDevice();
    }
    let owner = devices.get(device);
    if (owner === undefined) {
      owner = new DeviceBaselines();
      devices.set(device, owner);
    }
    const created = new Baseline();
    owner.metrics.set(metric, created);
    keys += 1;
    return created;
  };

  const learn = (b: Baseline, x: number) => {
    b.count += 1;
    const w = Math.max(alpha, 1 / b.count);
    const d = x - b.mean;
    b.mean += w * d;
    b.variance = (1 - w) * (b.variance + w * d * d);
  };

  return {
    observe(device, metric, value) {
      counts.observations += 1;
      if (!Number.isFinite(value)) {
        counts.notFinite += 1;
        return notScored();
      }
      const b = baselineFor(device, metric);
      if (b === null) return notScored();
      if (b.count < warmup) {
        learn(b, value);
        return notScored();
      }
      const sigma = Math.max(Math.sqrt(b.variance), epsilon * Math.max(Math.abs(b.mean), 1));
      const score = (value - b.mean) / sigma;
      const anomalous = Math.abs(score) >= threshold;
      const onset = anomalous && b.quiet >= quietObservations;
      b.quiet = anomalous ? 0 : b.quiet + 1;
      if (anomalous) counts.anomalous += 1;
      learn(b, robust && anomalous ? b.mean + Math.sign(score) * threshold * sigma : value);
      return { score, anomalous, onset };
    },

    forget(device, metric) {
      const owner = devices.get(device);
      if (owner === undefined || !owner.metrics.delete(metric)) return false;
      keys -= 1;
      if (owner.metrics.size === 0) devices.delete(device);
      return true;
    },

    stats() {
      return { keys, ...counts };
    },
  };
}
