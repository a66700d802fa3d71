import { describe, expect, it } from 'vitest';
import type { PostureScore, PostureTrendPoint } from '../../api/posture-schemas.ts';
import { directionBars, trendSeries } from './posture-charts.ts';

const score: PostureScore = {
  score: 64.2,
  directions: { physical: 100, system: 33.3, network: null, data_application: 80, management: 0 },
  results: 20,
  passing: 12,
};

describe('directionBars', () => {
  it('gives the overall bar first, then the five directions in order, each with its number and words', () => {
    const bars = directionBars(score);
    expect(bars.map((b) => b.key)).toEqual([
      'overall',
      'physical',
      'system',
      'network',
      'data_application',
      'management',
    ]);
    expect(bars[0]).toMatchObject({ title: 'Overall', percent: 64.2, text: '64.2', tone: 'neutral' });
    expect(bars[2]).toMatchObject({ percent: 33.3, text: '33.3', tone: 'bad', label: 'System: 33.3 of 100' });
    expect(bars[4]).toMatchObject({ title: 'Data & application', tone: 'good' });
  });

  it('draws no bar where no control applies, and says so', () => {
    expect(directionBars(score)[3]).toMatchObject({ percent: 0, text: '—', label: 'Network: no control applies' });
  });

  it('keeps bars on the track', () => {
    expect(directionBars({ ...score, score: 140 })[0]?.percent).toBe(100);
    expect(directionBars({ ...score, score: -3 })[0]?.percent).toBe(0);
  });
});

describe('trendSeries', () => {
  const point = (scope: string, at: string, value: number | null): PostureTrendPoint => ({
    scope,
    at,
    score: value,
    directions: {},
  });

  it("keeps one scope's scored snapshots in time order", () => {
    const series = trendSeries(
      [
        point('city', '2026-03-10T02:00:00Z', 70),
        point('water', '2026-03-10T00:00:00Z', 10),
        point('city', '2026-03-10T00:00:00Z', null),
        point('city', '2026-03-10T01:00:00Z', 60),
      ],
      'city',
      (at) => at.slice(11, 16),
    );
    expect(series.points).toEqual([
      { label: '01:00', value: 60 },
      { label: '02:00', value: 70 },
    ]);
    expect(series.first).toEqual({ at: '2026-03-10T01:00:00Z', score: 60 });
    expect(series.last).toEqual({ at: '2026-03-10T02:00:00Z', score: 70 });
  });

  it('has no ends without snapshots', () => {
    expect(trendSeries([], 'city', String)).toEqual({ points: [], first: undefined, last: undefined });
  });
});
