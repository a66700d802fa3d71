import { describe, expect, it } from 'vitest';
import { addDays, checkDecision, decisionsFor, localToday } from './finding-decision.ts';
import { dueText, firstOf, formatEpss } from './finding-display.ts';

const TODAY = '2025-06-10';

describe('decisionsFor', () => {
  it('offers acceptance or false positive on open findings and reopening on decided ones', () => {
    expect(decisionsFor('open')).toEqual(['accepted', 'false_positive']);
    expect(decisionsFor('accepted')).toEqual(['open']);
    expect(decisionsFor('false_positive')).toEqual(['open']);
    expect(decisionsFor('fixed')).toEqual([]);
  });
});

describe('checkDecision', () => {
  it('accepts a risk with a note and an expiry after today', () => {
    expect(checkDecision('accepted', ' WAF in front ', '2025-09-01', TODAY)).toEqual({
      ok: true,
      decision: { status: 'accepted', note: 'WAF in front', until: '2025-09-01' },
    });
  });

  it('refuses an acceptance without a note, without an expiry, expiring today or beyond a year', () => {
    expect(checkDecision('accepted', '', '2025-09-01', TODAY)).toMatchObject({ ok: false });
    expect(checkDecision('accepted', 'note', '', TODAY)).toMatchObject({ ok: false });
    expect(checkDecision('accepted', 'note', TODAY, TODAY)).toMatchObject({
      ok: false,
      problem: 'The acceptance must expire after today.',
    });
    expect(checkDecision('accepted', 'note', addDays(TODAY, 400), TODAY)).toMatchObject({ ok: false });
  });

  it('needs a note for a false positive but not to reopen', () => {
    expect(checkDecision('false_positive', '  ', '', TODAY)).toMatchObject({ ok: false });
    expect(checkDecision('false_positive', 'not that product', '', TODAY)).toEqual({
      ok: true,
      decision: { status: 'false_positive', note: 'not that product' },
    });
    expect(checkDecision('open', '', '', TODAY)).toEqual({ ok: true, decision: { status: 'open', note: '' } });
  });
});

describe('dates', () => {
  it('count days across months and read the local calendar date', () => {
    expect(addDays('2025-01-30', 3)).toBe('2025-02-02');
    expect(localToday(new Date(2025, 0, 5, 23, 30))).toBe('2025-01-05');
  });

  it('say how a due date reads today', () => {
    expect(dueText('2025-06-08', TODAY)).toEqual({ text: 'overdue by 2 d', urgent: true });
    expect(dueText(TODAY, TODAY)).toEqual({ text: 'due today', urgent: true });
    expect(dueText('2025-06-15', TODAY)).toEqual({ text: 'in 5 d', urgent: true });
    expect(dueText('2025-07-15', TODAY)).toEqual({ text: 'in 35 d', urgent: false });
  });

  it('shows EPSS with the precision it has', () => {
    expect([0.0004, 0.031, 0.97, null].map(formatEpss)).toEqual(['0.04 %', '3.1 %', '97 %', '—']);
  });
});

describe('firstOf', () => {
  it('keeps the first items and counts the rest', () => {
    expect(firstOf(['a', 'b', 'c', 'd'], 3)).toEqual({ items: ['a', 'b', 'c'], more: 1 });
    expect(firstOf(['a'], 3)).toEqual({ items: ['a'], more: 0 });
  });
});
