import { describe, expect, it } from 'vitest';
import { type SlaInput, slaStatus, SLA_TARGET_MINUTES } from './sla.ts';

const T0 = Date.parse('2026-03-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

function incident(overrides: Partial<SlaInput> = {}): SlaInput {
  return {
    createdAt: iso(0),
    severity: 'high',
    serviceCriticality: 'critical',
    slaFactor: 1,
    statusHistory: [],
    ...overrides,
  };
}

const clock = (input: SlaInput, minutes: number, target: 'acknowledge' | 'contain' | 'resolve') => {
  const found = slaStatus(input, at(minutes)).clocks.find((c) => c.target === target);
  if (!found) throw new Error(`no ${target} clock`);
  return found;
};

describe('SLA clocks', () => {
  it('uses the table by severity × service criticality', () => {
    // high × critical: acknowledge 30 min, contain 4 h, resolve 2 d.
    const ack = clock(incident(), 10, 'acknowledge');
    expect(ack).toMatchObject({ targetMinutes: 30, state: 'running', breached: false, due: iso(30) });
    expect(ack.remainingMs).toBe(20 * 60_000);
    expect(clock(incident(), 0, 'contain').targetMinutes).toBe(SLA_TARGET_MINUTES.high.critical.contain);
    expect(clock(incident({ serviceCriticality: 'low', severity: 'low' }), 0, 'resolve').targetMinutes).toBe(
      30 * 24 * 60,
    );
  });

  it('breaches a running clock once its target has passed', () => {
    const ack = clock(incident(), 31, 'acknowledge');
    expect(ack.breached).toBe(true);
    expect(ack.remainingMs).toBe(-60_000);
    expect(slaStatus(incident(), at(31)).breached).toBe(true);
  });

  it('meets acknowledge on leaving new, late or in time', () => {
    const early = incident({ statusHistory: [{ at: iso(12), to: 'triage' }] });
    expect(clock(early, 500, 'acknowledge')).toMatchObject({
      state: 'met',
      metAt: iso(12),
      breached: false,
      due: null,
    });
    const late = incident({ statusHistory: [{ at: iso(45), to: 'triage' }] });
    expect(clock(late, 500, 'acknowledge')).toMatchObject({ state: 'met', breached: true });
  });

  it('shortens every target by the stance factor', () => {
    const tense = incident({ slaFactor: 0.5 });
    expect(clock(tense, 0, 'acknowledge').targetMinutes).toBe(15);
    expect(clock(tense, 16, 'acknowledge').breached).toBe(true);
    expect(clock(incident(), 16, 'acknowledge').breached).toBe(false);
  });

  it('ignores a factor outside (0, 1]', () => {
    expect(clock(incident({ slaFactor: 0 }), 0, 'acknowledge').targetMinutes).toBe(30);
    expect(clock(incident({ slaFactor: 3 }), 0, 'acknowledge').targetMinutes).toBe(30);
  });

  it('stops every clock in post_incident and closed, and resumes from the time used when reopened', () => {
    const history = [
      { at: iso(10), to: 'triage' as const },
      { at: iso(60), to: 'containment' as const },
      { at: iso(120), to: 'eradication' as const },
      { at: iso(180), to: 'recovery' as const },
      { at: iso(240), to: 'post_incident' as const },
      { at: iso(300), to: 'closed' as const },
    ];
    const closed = incident({ statusHistory: history });
    // Days later nothing has moved: the clocks stopped.
    const later = 5 * 24 * 60;
    expect(clock(closed, later, 'resolve')).toMatchObject({ state: 'met', elapsedMs: 240 * 60_000, metAt: iso(240) });
    expect(clock(closed, later, 'contain')).toMatchObject({ state: 'met', elapsedMs: 120 * 60_000 });
    expect(slaStatus(closed, at(later)).breached).toBe(false);

    // Reopened after five days: contain and resolve run again from 120 and 240 minutes, not from five days.
    const reopened = incident({ statusHistory: [...history, { at: iso(later), to: 'triage' }] });
    const contain = clock(reopened, later + 30, 'contain');
    expect(contain).toMatchObject({ state: 'running', elapsedMs: 150 * 60_000, breached: false });
    expect(contain.due).toBe(iso(later + 30 + (240 - 150)));
    expect(clock(reopened, later + 30, 'acknowledge').state).toBe('met');
    expect(clock(reopened, later + 30, 'resolve').elapsedMs).toBe(270 * 60_000);
  });

  it('gives the earliest running due time for sorting', () => {
    expect(slaStatus(incident(), at(0)).nextDue).toBe(iso(30));
    const triaged = incident({ statusHistory: [{ at: iso(5), to: 'triage' }] });
    expect(slaStatus(triaged, at(10)).nextDue).toBe(iso(240));
  });
});
