import { InputError } from '../errors.ts';
import { TimerWheel, type TimerWheelStats, type WheelEntry } from './timer-wheel.ts';

export type { TimerWheelStats } from './timer-wheel.ts';

/**
 * Silence and cadence detection for telemetry sources. An asset with a `report_interval` that sends nothing for
 * `missedIntervals` intervals goes silent (one alert, cleared by its next report); a source whose observed cadence
 * drifts from the declared interval by more than `cadenceFactor`, either way, raises a cadence change.
 *
 * Pure and clock-injected: the caller feeds reports (`seen`) and drives time (`advance`), typically once per
 * second, and turns the returned transitions into alerts and asset status changes.
 */

/** What changed for a source. `silent` and `cadence_changed` open an alert; the other two clear it. */
export type SilenceTransition =
  /** No report for `missedIntervals` intervals; `lastSeen` is null when it never reported since it was watched. */
  | { kind: 'silent'; key: string; lastSeen: number | null; since: number }
  /** A silent source reported again (returned by `seen`, not by `advance`). */
  | { kind: 'recovered'; key: string; lastSeen: number; silentSince: number }
  /** The EWMA of inter-arrival times left [interval / factor, interval × factor]. */
  | { kind: 'cadence_changed'; key: string; expectedMs: number; observedMs: number }
  /** The EWMA came back within [interval / clearFactor, interval × clearFactor]. */
  | { kind: 'cadence_restored'; key: string; expectedMs: number; observedMs: number };

export type ReportStatus = 'reporting' | 'silent' | 'never_seen';

/** One source as the UI shows it. Times are milliseconds on the tracker's clock. */
export interface SourceReportState {
  key: string;
  intervalMs: number;
  status: ReportStatus;
  lastSeen: number | null;
  silentSince: number | null;
  /** EWMA of inter-arrival times; starts at the declared interval. */
  observedIntervalMs: number;
  cadenceChanged: boolean;
}

/** Counts for a status page; all maintained incrementally, so `stats()` is O(1). */
export interface SilenceTrackerStats {
  watched: number;
  reporting: number;
  silent: number;
  neverSeen: number;
  cadenceChanged: number;
  /** Reports for keys that are not watched (no declared interval): ignored, counted. */
  unknownReports: number;
  wheel: TimerWheelStats;
}

export interface SilenceTrackerOptions {
  /** Arrival clock in milliseconds; also the default time of `seen` and `advance`. */
  now: () => number;
  /** Intervals without a report before a source is silent (default 3, the product's rule). */
  missedIntervals?: number;
  /** Cadence alarm when observed/declared leaves [1/factor, factor] (default 2). Must be > 1. */
  cadenceFactor?: number;
  /** Cadence clears inside [1/clearFactor, clearFactor] (default √factor, between 1 and factor): hysteresis. */
  cadenceClearFactor?: number;
  /** EWMA weight of the newest inter-arrival gap (default 0.2: about the last 9 gaps matter). */
  cadenceAlpha?: number;
  /** Wheel resolution (default 1000 ms): a silence is reported at most one tick after its deadline. */
  tickMs?: number;
}

/** Tracks report deadlines for watched sources. All methods are O(1) except `snapshot` and `advance`. */
export interface SilenceTracker {
  /** Starts or updates watching `key`; idempotent for the same interval. Throws InputError on a bad interval. */
  watch(key: string, intervalMs: number): void;
  /**
   * Stops watching; a silent source is dropped without a `recovered` (its asset left the inventory). Transitions
   * already judged for it are still returned by the next `advance`.
   */
  unwatch(key: string): boolean;
  /**
   * Records a report at `atMs` (default: now). Pass the arrival time, not the device's own timestamp: the time is
   * clamped to [last report, now], so a reordered or backdated report never moves a deadline backwards.
   * Returns the `recovered` transition when the source was silent, else null.
   */
  seen(key: string, atMs?: number): SilenceTransition | null;
  /** Transitions due up to `nowMs` (default: now): cadence changes judged since the last call, then silences. */
  advance(nowMs?: number): SilenceTransition[];
  state(key: string): SourceReportState | undefined;
  /** Every watched source: O(sources), for the UI, not for the hot path. */
  snapshot(): SourceReportState[];
  stats(): SilenceTrackerStats;
}

class Source implements WheelEntry {
  prev: WheelEntry | null = null;
  next: WheelEntry | null = null;
  slot = -1;
  expiresTick = 0;
  status: ReportStatus = 'never_seen';
  lastSeen: number | null = null;
  silentSince: number | null = null;
  /** When the silence deadline is (or would be) reached. */
  deadline = 0;
  observedIntervalMs: number;
  cadenceChanged = false;

  constructor(
    readonly key: string,
    public intervalMs: number,
    readonly watchedAt: number,
  ) {
    this.observedIntervalMs = intervalMs;
  }
}

function positive(name: string, value: number, min = 0): number {
  if (!Number.isFinite(value) || value <= min) throw new InputError(`${name} must be a number above ${min}`);
  return value;
}

/**
 * Creates a tracker. Cadence model: observed = observed + α·(gap − observed) over the gaps between consecutive
 * reports, starting from the declared interval so that a single odd gap moves it by α of the difference and cannot
 * raise an alarm alone. Gaps that end a silence are not samples: the silence alert already covers them. The alarm
 * fires when observed/declared leaves [1/factor, factor]; it clears only back inside [1/clearFactor, clearFactor],
 * so a cadence hovering at the threshold does not flap. Slowdowns beyond `missedIntervals` are silences instead.
 */
export function createSilenceTracker(options: SilenceTrackerOptions): SilenceTracker {
  const now = options.now;
  const missed = positive('missedIntervals', options.missedIntervals ?? 3);
  const factor = positive('cadenceFactor', options.cadenceFactor ?? 2, 1);
  const clearFactor = positive('cadenceClearFactor', options.cadenceClearFactor ?? Math.sqrt(factor), 1);
  if (clearFactor > factor) throw new InputError('cadenceClearFactor must not exceed cadenceFactor');
  const alpha = positive('cadenceAlpha', options.cadenceAlpha ?? 0.2);
  if (alpha > 1) throw new InputError('cadenceAlpha must be at most 1');
  const tickMs = positive('tickMs', options.tickMs ?? 1000);

  const sources = new Map<string, Source>();
  const wheel = new TimerWheel<Source>(Math.floor(now() / tickMs));
  const pending: SilenceTransition[] = [];
  const counts = { reporting: 0, silent: 0, neverSeen: 0, cadenceChanged: 0, unknownReports: 0 };

  const countStatus = (status: ReportStatus, by: number) => {
    if (status === 'reporting') counts.reporting += by;
    else if (status === 'silent') counts.silent += by;
    else counts.neverSeen += by;
  };
  const setStatus = (source: Source, status: ReportStatus) => {
    countStatus(source.status, -1);
    countStatus(status, 1);
    source.status = status;
  };
  /** Deadline tick rounds up, so a source is never reported silent before its deadline. */
  const scheduleDeadline = (source: Source) => {
    source.deadline = (source.lastSeen ?? source.watchedAt) + missed * source.intervalMs;
    const tick = Math.ceil(source.deadline / tickMs);
    // A backdated report can set a deadline whose tick has already passed: the next advance judges it (the
    // wheel would only fire it a tick later).
    if (wheel.hasPassed(tick)) {
      wheel.cancel(source);
      overdue.add(source);
    } else wheel.schedule(source, tick);
  };
  const cadence = (source: Source, kind: 'cadence_changed' | 'cadence_restored'): SilenceTransition => ({
    kind,
    key: source.key,
    expectedMs: source.intervalMs,
    observedMs: source.observedIntervalMs,
  });

  const judgeCadence = (source: Source, gap: number) => {
    source.observedIntervalMs += alpha * (gap - source.observedIntervalMs);
    const ratio = source.observedIntervalMs / source.intervalMs;
    if (!source.cadenceChanged && (ratio > factor || ratio < 1 / factor)) {
      source.cadenceChanged = true;
      counts.cadenceChanged += 1;
      pending.push(cadence(source, 'cadence_changed'));
    } else if (source.cadenceChanged && ratio <= clearFactor && ratio >= 1 / clearFactor) {
      source.cadenceChanged = false;
      counts.cadenceChanged -= 1;
      pending.push(cadence(source, 'cadence_restored'));
    }
  };

  const overdue = new Set<Source>();
  function goSilent(source: Source) {
    source.silentSince = source.deadline;
    setStatus(source, 'silent');
    pending.push({ kind: 'silent', key: source.key, lastSeen: source.lastSeen, since: source.deadline });
  }
  const expire = (source: Source) => {
    if (Math.ceil(source.deadline / tickMs) > source.expiresTick) {
      wheel.schedule(source, Math.ceil(source.deadline / tickMs)); // beyond the wheel's span: placed again
      return;
    }
    goSilent(source);
  };

  const stateOf = (source: Source): SourceReportState => ({
    key: source.key,
    intervalMs: source.intervalMs,
    status: source.status,
    lastSeen: source.lastSeen,
    silentSince: source.silentSince,
    observedIntervalMs: source.observedIntervalMs,
    cadenceChanged: source.cadenceChanged,
  });

  return {
    watch(key, intervalMs) {
      positive(`report interval of '${key}'`, intervalMs);
      const existing = sources.get(key);
      if (existing === undefined) {
        const source = new Source(key, intervalMs, now());
        sources.set(key, source);
        countStatus(source.status, 1);
        scheduleDeadline(source);
        return;
      }
      if (existing.intervalMs === intervalMs) return;
      existing.intervalMs = intervalMs;
      // A silent source stays silent until it reports: a new interval is no evidence that it is alive.
      if (existing.status !== 'silent') scheduleDeadline(existing);
    },

    unwatch(key) {
      const source = sources.get(key);
      if (source === undefined) return false;
      wheel.cancel(source);
      countStatus(source.status, -1);
      if (source.cadenceChanged) counts.cadenceChanged -= 1;
      sources.delete(key);
      return true;
    },

    seen(key, atMs) {
      const source = sources.get(key);
      if (source === undefined) {
        counts.unknownReports += 1;
        return null;
      }
      const arrival = now();
      const at = Math.max(Math.min(atMs ?? arrival, arrival), source.lastSeen ?? source.watchedAt);
      const previous = source.lastSeen;
      source.lastSeen = at;
      let transition: SilenceTransition | null = null;
      if (source.status === 'silent') {
        transition = { kind: 'recovered', key, lastSeen: at, silentSince: source.silentSince ?? at };
        source.silentSince = null;
      } else if (previous !== null) {
        judgeCadence(source, at - previous);
      }
      if (source.status !== 'reporting') setStatus(source, 'reporting');
      scheduleDeadline(source);
      return transition;
    },

    advance(nowMs) {
      for (const source of overdue) {
        const current = sources.get(source.key) === source && source.status !== 'silent';
        if (current && wheel.hasPassed(Math.ceil(source.deadline / tickMs))) goSilent(source);
      }
      overdue.clear();
      wheel.advanceTo(Math.floor((nowMs ?? now()) / tickMs), expire);
      return pending.splice(0);
    },

    state(key) {
      const source = sources.get(key);
      return source === undefined ? undefined : stateOf(source);
    },

    snapshot() {
      return Array.from(sources.values(), stateOf);
    },

    stats() {
      return { watched: sources.size, ...counts, wheel: { ...wheel.counters } };
    },
  };
}
