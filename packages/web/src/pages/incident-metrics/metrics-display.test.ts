import type { IncidentMetrics, MetricsSummary } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { complianceBars, rangeStart, recentMonths, statCard, statText, trendLine } from './metrics-display.ts';

const stats = (median: number | null, count = median === null ? 0 : 2) => ({
  count,
  meanMinutes: median === null ? null : median * 2,
  medianMinutes: median,
  p90Minutes: median === null ? null : median * 3,
});

const summary = (mttd: number | null): MetricsSummary => ({
  incidents: 2,
  open: 1,
  closed: 1,
  mttd: stats(mttd),
  mtta: stats(10),
  mttc: stats(null),
  mttr: stats(90),
  sla: {
    acknowledge: { met: 9, breached: 1, pending: 0, rate: 0.9 },
    contain: { met: 1, breached: 2, pending: 1, rate: 1 / 3 },
    resolve: { met: 0, breached: 0, pending: 2, rate: null },
  },
});

const metrics: IncidentMetrics = {
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-03-01T00:00:00.000Z',
  asOf: '2026-03-01T00:00:00.000Z',
  interval: 'month',
  groupBy: null,
  overall: summary(45),
  groups: [],
  trend: [
    { start: '2026-01-01T00:00:00.000Z', end: '2026-02-01T00:00:00.000Z', label: '2026-01', summary: summary(30) },
    { start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z', label: '2026-02', summary: summary(null) },
  ],
};

describe('the metrics page display', () => {
  it('draws the median per period in hours and says which periods had no case', () => {
    const line = trendLine(metrics, 'mttd');
    expect(line.points).toEqual([
      { label: '2026-01', value: 0.5 },
      { label: '2026-02', value: 0 },
    ]);
    expect(line.measured).toBe(1);
    expect(line.description).toBe('Median time to detect per month, in hours: 2026-01 30 min, 2026-02 no case.');
  });

  it('shows SLA compliance as bars with their counts, coloured only where decided', () => {
    expect(complianceBars(metrics.overall).map((b) => [b.key, b.percent, b.text, b.tone])).toEqual([
      ['acknowledge', 90, '90 %', 'good'],
      ['contain', 33, '33 %', 'bad'],
      ['resolve', 0, '-', 'neutral'],
    ]);
    expect(complianceBars(metrics.overall)[1]?.label).toBe('Contain: 33 % met (1 met, 2 breached, 1 running)');
  });

  it('puts the median before the mean and the p90', () => {
    expect(statText(metrics.overall, 'mttr')).toBe('1 h 30 min (mean 3 h, p90 4 h 30 min)');
    expect(statText(metrics.overall, 'mttc')).toBe('-');
  });

  it('offers month ranges and report months in UTC', () => {
    const now = new Date('2026-03-15T12:00:00Z');
    expect(rangeStart(now, 6)).toBe('2025-10-01');
    expect(recentMonths(now, 3)).toEqual(['2026-03', '2026-02', '2026-01']);
  });
});

describe('statCard', () => {
  it('shows the median, with the count, mean and p90 beneath', () => {
    expect(statCard(metrics.overall, 'mtta')).toEqual({
      value: '10 min',
      detail: 'median of 2; mean 20 min, p90 30 min',
    });
    expect(statCard(metrics.overall, 'mttc')).toEqual({ value: '-', detail: 'no case measured' });
  });
});
