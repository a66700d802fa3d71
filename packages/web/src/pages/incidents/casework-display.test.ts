import type { PersonalDataBreach } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { describeBreachClock, describeOnCall, formatBytes, moveItem } from './casework-display.ts';

const START = Date.parse('2026-03-01T08:00:00.000Z');
const breach: PersonalDataBreach = {
  datasets: [{ id: 'customers', name: 'Customers', classification: 'personal' }],
  clockStartedAt: new Date(START).toISOString(),
  notifyBy: new Date(START + 72 * 3_600_000).toISOString(),
  notifiedAt: null,
  notifiedBy: null,
  authority: null,
  reference: null,
};

describe('breach clock display', () => {
  it('counts down to notify-by, and turns urgent in the last 12 hours', () => {
    expect(describeBreachClock(breach, START + 3_600_000)).toEqual({
      text: 'Notify the supervisory authority within 2 d 23 h',
      tone: 'warn',
    });
    expect(describeBreachClock(breach, START + 62 * 3_600_000).tone).toBe('bad');
    expect(describeBreachClock(breach, START + 73 * 3_600_000).text).toBe('Notification overdue by 1 h 00 min');
  });

  it('says whether the notification was on time', () => {
    const onTime = { ...breach, notifiedAt: new Date(START + 3_600_000).toISOString() };
    expect(describeBreachClock(onTime, START + 100 * 3_600_000)).toEqual({
      text: 'Authority notified within 72 hours',
      tone: 'good',
    });
    const late = { ...breach, notifiedAt: new Date(START + 80 * 3_600_000).toISOString() };
    expect(describeBreachClock(late, START).tone).toBe('warn');
  });
});

describe('case-work helpers', () => {
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25.0 MiB');
  });

  it('moves rotation members up and down, not past the ends', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('names who is on call and until when', () => {
    expect(describeOnCall({ onCall: null, onCallUntil: null }, (t) => t)).toBe('nobody');
    expect(
      describeOnCall({ onCall: { id: '1', username: 'walt' }, onCallUntil: '2026-03-09T08:00:00Z' }, (t) => t),
    ).toBe('walt (until 2026-03-09T08:00:00Z)');
  });
});
