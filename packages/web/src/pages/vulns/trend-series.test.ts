import { describe, expect, it } from 'vitest';
import { fillTrendDays, trendTotals } from './trend-series.ts';

describe('fillTrendDays', () => {
  it('fills missing days with the open count carried over and nothing opened or fixed', () => {
    const days = fillTrendDays([
      { date: '2025-06-01', open: 10, opened: 10, fixed: 0 },
      { date: '2025-06-04', open: 7, opened: 1, fixed: 4 },
    ]);
    expect(days).toEqual([
      { date: '2025-06-01', open: 10, opened: 10, fixed: 0 },
      { date: '2025-06-02', open: 10, opened: 0, fixed: 0 },
      { date: '2025-06-03', open: 10, opened: 0, fixed: 0 },
      { date: '2025-06-04', open: 7, opened: 1, fixed: 4 },
    ]);
  });

  it('sorts, keeps one entry per day, and drops unreadable dates', () => {
    const days = fillTrendDays([
      { date: '2025-06-02', open: 2, opened: 0, fixed: 0 },
      { date: 'yesterday', open: 99, opened: 0, fixed: 0 },
      { date: '2025-06-01', open: 1, opened: 1, fixed: 0 },
      { date: '2025-06-02', open: 3, opened: 0, fixed: 0 },
    ]);
    expect(days.map((d) => d.date)).toEqual(['2025-06-01', '2025-06-02']);
  });
});

describe('trendTotals', () => {
  it('adds up what was opened and fixed and says how the open count moved', () => {
    expect(
      trendTotals([
        { date: '2025-06-01', open: 10, opened: 10, fixed: 0 },
        { date: '2025-06-02', open: 7, opened: 1, fixed: 4 },
      ]),
    ).toEqual({ opened: 11, fixed: 4, change: -3 });
    expect(trendTotals([])).toEqual({ opened: 0, fixed: 0, change: 0 });
  });
});
