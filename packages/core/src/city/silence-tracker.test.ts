import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { createSilenceTracker, type SilenceTrackerOptions } from './silence-tracker.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** A tracker on a fake clock that starts at `start`; `at(t)` moves the clock. */
function fakeClock(start = 0, options: Partial<SilenceTrackerOptions> = {}) {
  let time = start;
  const tracker = createSilenceTracker({ now: () => time, ...options });
  return {
    tracker,
    at(t: number) {
      time = t;
    },
    /** Moves the clock to `t` and advances the tracker there. */
    advance(t: number) {
      time = t;
      return tracker.advance();
    },
  };
}

/** Reports `key` every `gap` ms from `from` (exclusive) for `count` reports; returns the last report time. */
function reportEvery(clock: ReturnType<typeof fakeClock>, key: string, from: number, gap: number, count: number) {
  let t = from;
  for (let i = 0; i < count; i += 1) {
    t += gap;
    clock.at(t);
    clock.tracker.seen(key);
  }
  return t;
}

describe('silence tracker: silence', () => {
  it('goes silent after exactly 3 intervals without a report, not before', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.at(10 * SECOND);
    clock.tracker.seen('pump-1');
    expect(clock.advance(10 * SECOND + 3 * MINUTE - 1)).toEqual([]);
    expect(clock.tracker.state('pump-1')?.status).toBe('reporting');
    expect(clock.advance(10 * SECOND + 3 * MINUTE)).toEqual([
      { kind: 'silent', key: 'pump-1', lastSeen: 10 * SECOND, since: 10 * SECOND + 3 * MINUTE },
    ]);
    expect(clock.tracker.state('pump-1')).toMatchObject({ status: 'silent', silentSince: 10 * SECOND + 3 * MINUTE });
  });

  it('counts from the watch time for a source that never reports', () => {
    const clock = fakeClock(5 * SECOND);
    clock.tracker.watch('camera-9', MINUTE);
    expect(clock.tracker.state('camera-9')).toMatchObject({ status: 'never_seen', lastSeen: null });
    expect(clock.advance(5 * SECOND + 3 * MINUTE - 1)).toEqual([]);
    expect(clock.advance(5 * SECOND + 3 * MINUTE)).toEqual([
      { kind: 'silent', key: 'camera-9', lastSeen: null, since: 5 * SECOND + 3 * MINUTE },
    ]);
  });

  it('a report before the deadline pushes the deadline back', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.at(2 * MINUTE);
    clock.tracker.seen('pump-1');
    expect(clock.advance(4 * MINUTE)).toEqual([]);
    expect(clock.advance(5 * MINUTE)).toMatchObject([{ kind: 'silent', since: 5 * MINUTE }]);
  });

  it('does not repeat the alert while the source stays silent', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    expect(clock.advance(3 * MINUTE)).toHaveLength(1);
    expect(clock.advance(10 * MINUTE)).toEqual([]);
    expect(clock.advance(DAY)).toEqual([]);
  });

  it('recovers on the next report, and can go silent again', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.advance(3 * MINUTE);
    clock.at(7 * MINUTE);
    expect(clock.tracker.seen('pump-1')).toEqual({
      kind: 'recovered',
      key: 'pump-1',
      lastSeen: 7 * MINUTE,
      silentSince: 3 * MINUTE,
    });
    expect(clock.tracker.state('pump-1')).toMatchObject({ status: 'reporting', silentSince: null });
    expect(clock.tracker.seen('pump-1')).toBeNull();
    expect(clock.advance(10 * MINUTE - 1)).toEqual([]);
    expect(clock.advance(10 * MINUTE)).toMatchObject([{ kind: 'silent', lastSeen: 7 * MINUTE }]);
  });

  it('uses the arrival clock: a backdated report never moves the deadline back, a future one is clamped', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.at(2 * MINUTE);
    clock.tracker.seen('pump-1');
    clock.tracker.seen('pump-1', 30 * SECOND); // device clock behind, or a replayed message
    expect(clock.tracker.state('pump-1')?.lastSeen).toBe(2 * MINUTE);
    clock.tracker.seen('pump-1', DAY); // device clock far ahead
    expect(clock.tracker.state('pump-1')?.lastSeen).toBe(2 * MINUTE);
    expect(clock.advance(5 * MINUTE - 1)).toEqual([]);
    expect(clock.advance(5 * MINUTE)).toHaveLength(1);
  });

  it('fires on the next advance when a lagging report already missed its deadline', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.at(SECOND);
    clock.tracker.seen('pump-1');
    clock.at(10 * MINUTE);
    clock.tracker.seen('pump-2'); // not watched
    clock.tracker.seen('pump-1', SECOND); // arrives late, stamped with its original time
    expect(clock.tracker.advance()).toEqual([
      { kind: 'silent', key: 'pump-1', lastSeen: SECOND, since: SECOND + 3 * MINUTE },
    ]);
  });

  it('ignores and counts reports from sources that are not watched', () => {
    const clock = fakeClock();
    expect(clock.tracker.seen('stranger')).toBeNull();
    expect(clock.tracker.stats()).toMatchObject({ watched: 0, unknownReports: 1 });
    expect(clock.tracker.state('stranger')).toBeUndefined();
  });
});

describe('silence tracker: inventory changes', () => {
  it('unwatching a silent source drops it without a recovery and stops its alerts', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.tracker.watch('pump-2', MINUTE);
    clock.advance(3 * MINUTE);
    expect(clock.tracker.stats()).toMatchObject({ watched: 2, silent: 2 });
    expect(clock.tracker.unwatch('pump-1')).toBe(true);
    expect(clock.tracker.unwatch('pump-1')).toBe(false);
    expect(clock.tracker.seen('pump-1')).toBeNull();
    expect(clock.tracker.stats()).toMatchObject({ watched: 1, silent: 1, unknownReports: 1 });
  });

  it('unwatching a reporting source cancels its deadline', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.tracker.unwatch('pump-1');
    expect(clock.advance(DAY)).toEqual([]);
    expect(clock.tracker.stats().wheel.scheduled).toBe(0);
  });

  it('re-watching with a new interval reschedules from the last report; the same interval is a no-op', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.at(MINUTE);
    clock.tracker.seen('pump-1');
    clock.at(90 * SECOND);
    clock.tracker.watch('pump-1', MINUTE);
    clock.tracker.watch('pump-1', 10 * SECOND);
    expect(clock.tracker.state('pump-1')?.intervalMs).toBe(10 * SECOND);
    expect(clock.advance(90 * SECOND)).toEqual([
      { kind: 'silent', key: 'pump-1', lastSeen: MINUTE, since: MINUTE + 30 * SECOND },
    ]);
  });

  it('re-watching with a longer interval moves the deadline later', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.tracker.watch('pump-1', 10 * MINUTE);
    expect(clock.advance(29 * MINUTE)).toEqual([]);
    expect(clock.advance(30 * MINUTE)).toHaveLength(1);
  });

  it('a silent source stays silent when re-watched, until it reports', () => {
    const clock = fakeClock();
    clock.tracker.watch('pump-1', MINUTE);
    clock.advance(3 * MINUTE);
    clock.tracker.watch('pump-1', DAY);
    expect(clock.tracker.state('pump-1')?.status).toBe('silent');
    clock.at(4 * MINUTE);
    expect(clock.tracker.seen('pump-1')?.kind).toBe('recovered');
    expect(clock.advance(4 * MINUTE + 3 * DAY - 1)).toEqual([]);
    expect(clock.advance(4 * MINUTE + 3 * DAY)).toHaveLength(1);
  });

  it('refuses an interval that is not a positive number, naming the key', () => {
    const { tracker } = fakeClock();
    expect(() => tracker.watch('pump-1', 0)).toThrow(InputError);
    expect(() => tracker.watch('pump-1', Number.NaN)).toThrow(/pump-1/);
    expect(() => createSilenceTracker({ now: () => 0, cadenceFactor: 1 })).toThrow(InputError);
  });
});

describe('silence tracker: cadence', () => {
  it('raises when a source reports much faster than declared, and clears when it returns', () => {
    const clock = fakeClock();
    clock.tracker.watch('meter-1', MINUTE);
    let t = reportEvery(clock, 'meter-1', 0, MINUTE, 5);
    expect(clock.advance(t)).toEqual([]);
    t = reportEvery(clock, 'meter-1', t, 10 * SECOND, 20);
    const raised = clock.advance(t);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kind: 'cadence_changed', key: 'meter-1', expectedMs: MINUTE });
    expect(raised[0]).toHaveProperty('observedMs', expect.any(Number));
    expect(clock.tracker.state('meter-1')?.cadenceChanged).toBe(true);
    t = reportEvery(clock, 'meter-1', t, MINUTE, 20);
    expect(clock.advance(t)).toMatchObject([{ kind: 'cadence_restored', key: 'meter-1', expectedMs: MINUTE }]);
    expect(clock.tracker.stats().cadenceChanged).toBe(0);
  });

  it('raises when a source reports much slower than declared (but still within the silence limit)', () => {
    const clock = fakeClock();
    clock.tracker.watch('meter-1', 10 * SECOND);
    const t = reportEvery(clock, 'meter-1', 0, 25 * SECOND, 20);
    const transitions = clock.advance(t);
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ kind: 'cadence_changed', expectedMs: 10 * SECOND });
    expect((transitions[0] as { observedMs: number }).observedMs).toBeGreaterThan(20 * SECOND);
  });

  it('has hysteresis: a cadence between the clear and raise thresholds neither clears nor raises again', () => {
    const clock = fakeClock();
    clock.tracker.watch('meter-1', 10 * SECOND);
    let t = reportEvery(clock, 'meter-1', 0, 25 * SECOND, 20);
    expect(clock.advance(t)).toHaveLength(1);
    // 1.8×: under the raise factor (2) but above the clear factor (√2)
    t = reportEvery(clock, 'meter-1', t, 18 * SECOND, 50);
    expect(clock.advance(t)).toEqual([]);
    t = reportEvery(clock, 'meter-1', t, 25 * SECOND, 50);
    expect(clock.advance(t)).toEqual([]);
    t = reportEvery(clock, 'meter-1', t, 10 * SECOND, 50);
    expect(clock.advance(t)).toMatchObject([{ kind: 'cadence_restored' }]);
  });

  it('one odd gap is not a cadence change', () => {
    const clock = fakeClock();
    clock.tracker.watch('meter-1', 10 * SECOND);
    let t = reportEvery(clock, 'meter-1', 0, 10 * SECOND, 5);
    t = reportEvery(clock, 'meter-1', t, 29 * SECOND, 1);
    t = reportEvery(clock, 'meter-1', t, 0, 2);
    t = reportEvery(clock, 'meter-1', t, 10 * SECOND, 5);
    expect(clock.advance(t)).toEqual([]);
  });

  it('the gap that ends a silence is not a cadence sample', () => {
    const clock = fakeClock();
    clock.tracker.watch('meter-1', 10 * SECOND);
    let t = reportEvery(clock, 'meter-1', 0, 10 * SECOND, 3);
    expect(clock.advance(t + 10 * MINUTE)).toMatchObject([{ kind: 'silent' }]);
    t = reportEvery(clock, 'meter-1', t + 10 * MINUTE, 10 * SECOND, 3);
    expect(clock.advance(t)).toEqual([]);
    expect(clock.tracker.state('meter-1')?.observedIntervalMs).toBe(10 * SECOND);
  });
});

describe('silence tracker: timer wheel', () => {
  it('handles intervals beyond the finer levels: silent exactly at the deadline', () => {
    const clock = fakeClock(123 * SECOND);
    clock.tracker.watch('archive-1', DAY); // deadline 259 200 ticks ahead: level 2
    clock.tracker.watch('archive-2', 30 * DAY); // level 3
    expect(clock.advance(123 * SECOND + 3 * DAY - 1)).toEqual([]);
    expect(clock.advance(123 * SECOND + 3 * DAY)).toMatchObject([{ key: 'archive-1' }]);
    expect(clock.advance(123 * SECOND + 90 * DAY - 1)).toEqual([]);
    expect(clock.advance(123 * SECOND + 90 * DAY)).toMatchObject([{ key: 'archive-2' }]);
    const { wheel } = clock.tracker.stats();
    expect(wheel.cascaded).toBeLessThanOrEqual(2 * 3); // each timer moves down at most 3 levels
    expect(wheel.ticks).toBeLessThan(2000); // 90 days of 1 s ticks, skipped where levels are empty
  });

  it.each([0, 1, 255, 256, 70_000])('fires exactly at deadlines on level boundaries (start tick %i)', (start) => {
    const deltas = [1, 255, 256, 257, 65_535, 65_536, 65_537, 2 ** 24 - 1, 2 ** 24, 2 ** 24 + 1, 2 ** 32 - 1];
    for (const delta of deltas) {
      const clock = fakeClock(start, { tickMs: 1, missedIntervals: 1 });
      clock.tracker.watch('x', delta);
      expect(clock.advance(start + delta - 1)).toEqual([]);
      expect(clock.advance(start + delta)).toMatchObject([{ key: 'x', since: start + delta }]);
    }
  });

  it('places deadlines beyond the whole wheel span again when they come up', () => {
    const clock = fakeClock(0, { tickMs: 1 });
    const interval = 2 ** 32; // 3 intervals: three times the 2^32-tick span of the wheel at 1 ms per tick
    clock.tracker.watch('far', interval);
    expect(clock.advance(3 * interval - 1)).toEqual([]);
    expect(clock.advance(3 * interval)).toEqual([{ kind: 'silent', key: 'far', lastSeen: null, since: 3 * interval }]);
  });

  it('fires at most one tick late with a coarse tick, never early', () => {
    const clock = fakeClock(0, { tickMs: 5 * SECOND });
    clock.tracker.watch('pump-1', 61 * SECOND); // deadline 183 s, between ticks 180 s and 185 s
    expect(clock.advance(184 * SECOND)).toEqual([]);
    expect(clock.advance(185 * SECOND)).toMatchObject([{ since: 183 * SECOND }]);
  });

  it('100k sources: advance touches only the silent ones and each slot once', () => {
    const clock = fakeClock();
    const n = 100_000;
    const quiet = (i: number) => i % 100 === 7; // 1 000 sources stop reporting after the first minute
    for (let i = 0; i < n; i += 1) clock.tracker.watch(`dev-${i}`, MINUTE);
    const before = clock.tracker.stats().wheel;
    const silent: string[] = [];
    const seconds = 10 * 60;
    for (let s = 1; s <= seconds; s += 1) {
      clock.at(s * SECOND);
      // every source reports once a minute, at its own second
      for (let i = s % 60; i < n; i += 60) if (!(quiet(i) && s > 60)) clock.tracker.seen(`dev-${i}`);
      for (const t of clock.tracker.advance()) silent.push(t.key);
    }
    const wheel = clock.tracker.stats().wheel;
    expect(silent).toHaveLength(n / 100);
    expect(silent.every((key) => quiet(Number(key.slice(4))))).toBe(true);
    expect(wheel.expired - before.expired).toBe(n / 100);
    expect(wheel.ticks - before.ticks).toBe(seconds + 1); // ticks 0 … 600, each visited once
    expect(wheel.cascaded).toBe(0); // 3-minute deadlines always fit the finest level
    expect(clock.tracker.stats()).toMatchObject({ watched: n, silent: n / 100, reporting: n - n / 100 });
  });
});

describe('silence tracker: UI state', () => {
  it('snapshots every source with its status and keeps O(1) counts', () => {
    const clock = fakeClock();
    clock.tracker.watch('a', MINUTE);
    clock.tracker.watch('b', MINUTE);
    clock.tracker.watch('c', 10 * MINUTE);
    clock.at(MINUTE);
    clock.tracker.seen('b');
    clock.advance(3 * MINUTE);
    expect(clock.tracker.snapshot().map((s) => [s.key, s.status, s.lastSeen])).toEqual([
      ['a', 'silent', null],
      ['b', 'reporting', MINUTE],
      ['c', 'never_seen', null],
    ]);
    expect(clock.tracker.stats()).toMatchObject({ watched: 3, reporting: 1, silent: 1, neverSeen: 1 });
  });
});

/** Independent reading of the contract: a scan of every source on every advance. */
function naiveSilence(tickMs: number) {
  const sources = new Map<string, { interval: number; origin: number; lastSeen: number | null; silent: boolean }>();
  const deadline = (s: { interval: number; origin: number }) => s.origin + 3 * s.interval;
  return {
    watch(key: string, interval: number, now: number) {
      const s = sources.get(key);
      if (s === undefined) sources.set(key, { interval, origin: now, lastSeen: null, silent: false });
      else s.interval = interval;
    },
    unwatch: (key: string) => sources.delete(key),
    seen(key: string, at: number, now: number) {
      const s = sources.get(key);
      if (s === undefined) return null;
      const time = Math.max(Math.min(at, now), s.origin);
      const recovered = s.silent;
      Object.assign(s, { origin: time, lastSeen: time, silent: false });
      return recovered ? key : null;
    },
    advance(now: number) {
      const out: string[] = [];
      for (const [key, s] of sources) {
        if (!s.silent && Math.ceil(deadline(s) / tickMs) <= Math.floor(now / tickMs)) {
          s.silent = true;
          out.push(`${key}@${deadline(s)}/${s.lastSeen}`);
        }
      }
      return out.sort();
    },
  };
}

describe('silence tracker: against a full scan', () => {
  const key = fc.constantFrom('a', 'b', 'c', 'd', 'e');
  const interval = fc.constantFrom(SECOND, 7 * SECOND, MINUTE, 61 * MINUTE, DAY, 400 * DAY);
  const step = fc.oneof(
    fc.record({ op: fc.constant('watch' as const), key, interval }),
    fc.record({ op: fc.constant('unwatch' as const), key }),
    fc.record({ op: fc.constant('seen' as const), key, back: fc.integer({ min: -DAY, max: DAY }) }),
    fc.record({
      op: fc.constant('advance' as const),
      by: fc.oneof(fc.integer({ min: 0, max: 10 * MINUTE }), fc.integer({ min: 0, max: 2000 * DAY })),
    }),
  );

  it('reports the same silences and recoveries at the same times', () => {
    fc.assert(
      fc.property(fc.constantFrom(250, SECOND, MINUTE), fc.array(step, { maxLength: 60 }), (tickMs, steps) => {
        let time = 1_700_000_000_000;
        const tracker = createSilenceTracker({ now: () => time, tickMs });
        const model = naiveSilence(tickMs);
        for (const s of steps) {
          if (s.op === 'watch') {
            tracker.watch(s.key, s.interval);
            model.watch(s.key, s.interval, time);
          } else if (s.op === 'unwatch') {
            expect(tracker.unwatch(s.key)).toBe(model.unwatch(s.key));
          } else if (s.op === 'seen') {
            expect(tracker.seen(s.key, time + s.back)?.key ?? null).toBe(model.seen(s.key, time + s.back, time));
          } else {
            time += s.by;
            const got = tracker
              .advance()
              .flatMap((t) => (t.kind === 'silent' ? [`${t.key}@${t.since}/${t.lastSeen}`] : []))
              .sort();
            expect(got).toEqual(model.advance(time));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
