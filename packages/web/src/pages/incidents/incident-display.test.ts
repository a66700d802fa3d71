import type { SlaClock } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { clockBreached, describeClock, formatRemaining, headlineClock, transitionLabel } from './incident-display.ts';

const NOW = Date.parse('2026-03-01T10:00:00.000Z');

function clock(overrides: Partial<SlaClock>): SlaClock {
  return {
    target: 'contain',
    targetMinutes: 240,
    state: 'running',
    elapsedMs: 0,
    remainingMs: 0,
    due: null,
    metAt: null,
    breached: false,
    ...overrides,
  };
}

describe('SLA display', () => {
  it('counts down to the due time from the current time, not from when the list loaded', () => {
    const running = clock({ due: '2026-03-01T13:05:00.000Z', remainingMs: 1 });
    expect(describeClock(running, NOW)).toBe('Contain in 3 h 05 min');
    expect(describeClock(running, NOW + 4 * 3_600_000)).toBe('Contain overdue by 55 min');
    expect(clockBreached(running, NOW + 4 * 3_600_000)).toBe(true);
  });

  it('says when a clock was met, and met late', () => {
    expect(describeClock(clock({ target: 'resolve', state: 'met' }), NOW)).toBe('Resolve met');
    expect(describeClock(clock({ target: 'acknowledge', state: 'met', breached: true }), NOW)).toBe(
      'Acknowledge met late',
    );
  });

  it('formats days, hours and minutes', () => {
    expect(formatRemaining(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(formatRemaining(-12 * 60_000)).toBe('12 min');
  });

  it('heads a row with the next running clock', () => {
    const sla = {
      clocks: [
        clock({ target: 'acknowledge', state: 'met' }),
        clock({ target: 'contain' }),
        clock({ target: 'resolve' }),
      ],
      breached: false,
      nextDue: null,
    };
    expect(headlineClock(sla)?.target).toBe('contain');
  });

  it('names transitions', () => {
    expect(transitionLabel('triage', 'containment')).toBe('Move to containment');
    expect(transitionLabel('post_incident', 'closed')).toBe('Close');
    expect(transitionLabel('closed', 'triage')).toBe('Reopen');
  });
});
