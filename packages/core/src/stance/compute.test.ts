import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../errors.ts';
import { computeStance, newStanceOverride, type StanceEvaluation, type StanceOverride } from './compute.ts';
import { StanceSignals } from './signals.ts';
import { at, policy, signalsWith } from './testing/factories.ts';

const T0 = new Date('2026-03-01T08:00:00.000Z');
const QUIET = signalsWith();
/** One critical incident open: level 4. */
const CRISIS = signalsWith((s) => void (s.openIncidents.critical = 1));
/** A KEV finding on a critical service: level 3. */
const KEV = signalsWith((s) => {
  s.vulnerabilities.kevOnCriticalServices = { findings: 1, services: ['water-supply'] };
});

/** Evaluates a timeline: each step is [hours after T0, signals]; returns every evaluation. */
function timeline(steps: readonly (readonly [number, StanceSignals])[], policies = [policy('base', 1)]) {
  const out: StanceEvaluation[] = [];
  for (const [hours, signals] of steps) out.push(computeStance(signals, out.at(-1) ?? null, policies, at(T0, hours)));
  return out;
}

const override = (fields: Partial<StanceOverride> = {}): StanceOverride => ({
  level: 5,
  justification: 'Municipal elections: heightened threat of disruption',
  by: 'ciso',
  at: T0.toISOString(),
  until: at(T0, 24).toISOString(),
  ...fields,
});

describe('computeStance', () => {
  afterEach(() => void vi.useRealTimers());

  it('takes the computed level on the first evaluation and reports it as a change', () => {
    const [first] = timeline([[0, KEV]]);
    expect(first).toMatchObject({ level: 3, computedLevel: 3, automaticLevel: 3, changed: true, previousLevel: null });
    expect(first!.changedAt).toBe(T0.toISOString());
  });

  it('raises immediately', () => {
    const [, second] = timeline([
      [0, QUIET],
      [0.01, CRISIS],
    ]);
    expect(second).toMatchObject({ level: 4, changed: true, previousLevel: 1 });
    expect(second!.reasons[0]!.code).toBe('incidents_critical');
  });

  it('does not report a change when the level stays', () => {
    const [first, second] = timeline([
      [0, KEV],
      [1, KEV],
    ]);
    expect(second).toMatchObject({ level: 3, changed: false, changedAt: first!.changedAt });
  });

  it('holds the level during the cooling period and says until when', () => {
    const [, calm, later] = timeline([
      [0, CRISIS],
      [1, QUIET],
      [6.9, QUIET],
    ]);
    expect(calm).toMatchObject({ level: 4, computedLevel: 1, changed: false, calmSince: at(T0, 1).toISOString() });
    expect(calm!.reasons[0]).toEqual({
      code: 'cooling',
      kind: 'hysteresis',
      level: 4,
      text:
        'The signals have stayed below level 4 since 2026-03-01T09:00:00.000Z (level 1 now); level 4 (High) ' +
        'holds until 2026-03-01T15:00:00.000Z (cooling period 6h), then lowers one level at a time',
    });
    expect(later!.level).toBe(4);
  });

  it('lowers one level at a time, each step after a full cooling period', () => {
    const steps = timeline([
      [0, CRISIS],
      [1, QUIET], // calm from 1h
      [7, QUIET], // 6h calm: 4 → 3, next step from 7h
      [12, QUIET], // 5h since the step: hold 3
      [13, QUIET], // 3 → 2
      [19, QUIET], // 2 → 1
      [30, QUIET],
    ]);
    expect(steps.map((s) => s.level)).toEqual([4, 4, 3, 3, 2, 1, 1]);
    expect(steps.map((s) => s.changed)).toEqual([true, false, true, false, true, true, false]);
    expect(steps[2]!.reasons[0]).toMatchObject({ code: 'lowered', level: 3 });
    expect(steps[2]!.reasons[0]!.text).toMatch(/^Lowered from level 4 to 3: the signals stayed below level 4 for 6h/);
    expect(steps[5]!.calmSince).toBeNull();
  });

  it('lowers only one level even after a long gap between evaluations', () => {
    const [, , late] = timeline([
      [0, CRISIS],
      [1, QUIET],
      [100, QUIET],
    ]);
    expect(late!.level).toBe(3);
  });

  it('restarts the cooling period when the signals come back up', () => {
    const steps = timeline([
      [0, CRISIS],
      [1, QUIET],
      [5, CRISIS], // back to 4: clock reset
      [6, QUIET],
      [11, QUIET], // 5h calm only
      [12, QUIET],
    ]);
    expect(steps.map((s) => s.level)).toEqual([4, 4, 4, 4, 4, 3]);
    expect(steps[2]!.calmSince).toBeNull();
  });

  it('stops lowering at the computed level', () => {
    const steps = timeline([
      [0, CRISIS],
      [1, KEV],
      [7, KEV], // 4 → 3 = computed
      [30, KEV],
    ]);
    expect(steps.map((s) => s.level)).toEqual([4, 4, 3, 3]);
    expect(steps[2]!.calmSince).toBeNull();
  });

  it('takes the cooling period from the policies in force at the level being left', () => {
    const policies = [policy('base', 1), policy('high', 4, { cooling_period: '12h' })];
    const steps = timeline(
      [
        [0, CRISIS],
        [1, QUIET],
        [7, QUIET], // 6h: not enough at level 4
        [13, QUIET], // 12h: 4 → 3
        [19, QUIET], // level 3's policies: 6h → 2
      ],
      policies,
    );
    expect(steps.map((s) => s.level)).toEqual([4, 4, 4, 3, 2]);
  });

  it('lets a manual override win until it expires, and says so', () => {
    const [first] = timeline([[0, KEV]]);
    const withOverride = { ...first!, override: override({ until: at(T0, 24).toISOString() }) };
    const during = computeStance(KEV, withOverride, [], at(T0, 1));
    expect(during).toMatchObject({ level: 5, automaticLevel: 3, computedLevel: 3, changed: true, previousLevel: 3 });
    expect(during.reasons[0]).toEqual({
      code: 'manual_override',
      kind: 'override',
      level: 5,
      text:
        'Manual override to level 5 (Severe) by ciso until 2026-03-02T08:00:00.000Z: ' +
        '"Municipal elections: heightened threat of disruption"; the signals alone call for level 3',
    });
    expect(during.reasons.map((r) => r.code)).toContain('kev_critical_services');

    const still = computeStance(KEV, during, [], at(T0, 23.9));
    expect(still).toMatchObject({ level: 5, changed: false });

    const after = computeStance(KEV, still, [], at(T0, 24));
    expect(after).toMatchObject({ level: 3, override: null, changed: true, previousLevel: 5 });
    expect(after.reasons[0]).toMatchObject({ code: 'override_expired', kind: 'override', level: 5 });
    expect(after.reasons[0]!.text).toBe(
      'Manual override to level 5 by ciso expired at 2026-03-02T08:00:00.000Z; the stance follows the signals again',
    );
  });

  it('wins downward too: an override below the signals holds while hysteresis keeps tracking them', () => {
    const [first] = timeline([[0, CRISIS]]);
    const lowered = computeStance(QUIET, { ...first!, override: override({ level: 2 }) }, [], at(T0, 1));
    expect(lowered).toMatchObject({ level: 2, automaticLevel: 4 });
    expect(lowered.reasons.map((r) => r.code)).toEqual(['manual_override', 'cooling', 'baseline']);
    const later = computeStance(QUIET, lowered, [], at(T0, 7));
    expect(later).toMatchObject({ level: 2, automaticLevel: 3 });
    const expired = computeStance(QUIET, later, [], at(T0, 24.5));
    expect(expired).toMatchObject({ level: 2, automaticLevel: 2, changed: false });
  });

  it('is deterministic: the same inputs give the same output whatever the wall clock', () => {
    const previous = timeline([
      [0, CRISIS],
      [1, QUIET],
    ])[1]!;
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const a = computeStance(KEV, previous, [policy('base', 1)], at(T0, 2));
    vi.setSystemTime(new Date('1999-01-01T00:00:00Z'));
    const b = computeStance(KEV, structuredClone(previous), [policy('base', 1)], at(T0, 2));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('accepts signals as the server sends them once parsed', () => {
    const parsed = StanceSignals.parse({
      ...signalsWith(),
      exposure: { internetFacingAssetsWithKev: 1 },
    });
    expect(computeStance(parsed, null, [], T0).level).toBe(3);
  });
});

describe('newStanceOverride', () => {
  it('builds an override stamped with who and when', () => {
    const made = newStanceOverride(
      { level: 4, justification: 'CERT warning about the water sector', until: '2026-03-02T08:00:00Z' },
      'ciso',
      T0,
    );
    expect(made).toEqual({
      level: 4,
      justification: 'CERT warning about the water sector',
      until: '2026-03-02T08:00:00Z',
      by: 'ciso',
      at: T0.toISOString(),
    });
  });

  it('refuses an override without a real justification', () => {
    const request = { level: 4, justification: 'because', until: '2026-03-02T08:00:00Z' };
    expect(() => newStanceOverride(request, 'ciso', T0)).toThrow(InputError);
  });

  it('refuses an override that has already expired', () => {
    const request = { level: 4, justification: 'CERT warning about water', until: T0.toISOString() };
    expect(() => newStanceOverride(request, 'ciso', T0)).toThrow('must expire in the future');
  });

  it('refuses an override longer than 30 days', () => {
    const request = { level: 4, justification: 'CERT warning about water', until: '2026-04-15T00:00:00Z' };
    expect(() => newStanceOverride(request, 'ciso', T0)).toThrow('at most 30d');
  });
});
