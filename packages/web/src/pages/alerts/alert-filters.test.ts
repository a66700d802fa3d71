import { describe, expect, it } from 'vitest';
import { alertCriteria, alertFilterParams, readAlertFilter } from './alert-filters.ts';

describe('readAlertFilter', () => {
  it('defaults to new alerts of every level and rule', () => {
    expect(readAlertFilter(new URLSearchParams())).toEqual({
      status: 'new',
      level: null,
      rule: '',
      service: '',
      tactic: '',
    });
  });

  it('reads every filter', () => {
    expect(
      readAlertFilter(
        new URLSearchParams('status=all&level=high&rule=%20r-1%20&service=water-supply&tactic=credential-access'),
      ),
    ).toEqual({
      status: 'all',
      level: 'high',
      rule: 'r-1',
      service: 'water-supply',
      tactic: 'credential-access',
    });
  });

  it('falls back to defaults for unknown values', () => {
    expect(readAlertFilter(new URLSearchParams('status=open&level=severe&service=%3Cx%3E&tactic=hacking'))).toEqual({
      status: 'new',
      level: null,
      rule: '',
      service: '',
      tactic: '',
    });
  });
});

describe('alertFilterParams and alertCriteria', () => {
  it('leave defaults and "All" out', () => {
    const none = { level: null, rule: '', service: '', tactic: '' } as const;
    expect(alertFilterParams({ status: 'new', ...none }).toString()).toBe('');
    expect(alertCriteria({ status: 'all', ...none })).toEqual({});
  });

  it('round-trip a full filter', () => {
    const filter = { status: 'closed', level: 'low', rule: 'r-1', service: 'cctv', tactic: 'impact' } as const;
    expect(readAlertFilter(alertFilterParams(filter))).toEqual(filter);
    expect(alertCriteria(filter)).toEqual({
      status: 'closed',
      level: 'low',
      rule: 'r-1',
      service: 'cctv',
      tactic: 'impact',
    });
  });
});
