import { describe, expect, it } from 'vitest';
import { alertCriteria, alertFilterParams, readAlertFilter } from './alert-filters.ts';

describe('readAlertFilter', () => {
  it('defaults to new alerts of every level and rule', () => {
    expect(readAlertFilter(new URLSearchParams())).toEqual({ status: 'new', level: null, rule: '' });
  });

  it('reads every filter', () => {
    expect(readAlertFilter(new URLSearchParams('status=all&level=high&rule=%20r-1%20'))).toEqual({
      status: 'all',
      level: 'high',
      rule: 'r-1',
    });
  });

  it('falls back to defaults for unknown values', () => {
    expect(readAlertFilter(new URLSearchParams('status=open&level=severe'))).toEqual({
      status: 'new',
      level: null,
      rule: '',
    });
  });
});

describe('alertFilterParams and alertCriteria', () => {
  it('leave defaults and "All" out', () => {
    expect(alertFilterParams({ status: 'new', level: null, rule: '' }).toString()).toBe('');
    expect(alertCriteria({ status: 'all', level: null, rule: '' })).toEqual({});
  });

  it('round-trip a full filter', () => {
    const filter = { status: 'closed', level: 'low', rule: 'r-1' } as const;
    expect(readAlertFilter(alertFilterParams(filter))).toEqual(filter);
    expect(alertCriteria(filter)).toEqual({ status: 'closed', level: 'low', rule: 'r-1' });
  });
});
