import { describe, expect, it } from 'vitest';
import { layoutHistogram, MAX_BARS, MIN_SLOTS } from './histogram-bars.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-22T12:30:00.000Z');

describe('layoutHistogram', () => {
  it('fills the hours without events with zero, from the range start to now', () => {
    const layout = layoutHistogram(
      { interval: 'hour', buckets: [{ start: '2026-11-22T10:00:00.000Z', count: 5 }] },
      NOW - 3 * HOUR,
      NOW,
    );
    expect(layout.bars.map((bar) => bar.count)).toEqual([0, 5, 0, 0]);
    expect(new Date(layout.bars[0]?.startMs ?? 0).toISOString()).toBe('2026-11-22T09:00:00.000Z');
    expect(layout).toMatchObject({ total: 5, maxCount: 5, barSpan: '1 hour' });
  });

  it('merges neighbouring buckets when the range has too many', () => {
    const layout = layoutHistogram(
      {
        interval: 'day',
        buckets: [
          { start: '2017-01-30T00:00:00.000Z', count: 262 },
          { start: '2026-11-22T00:00:00.000Z', count: 8 },
        ],
      },
      null,
      NOW,
    );
    expect(layout.bars.length).toBeLessThanOrEqual(MAX_BARS);
    expect(layout.bars[0]?.count).toBe(262);
    expect(layout.bars.at(-1)?.count).toBe(8);
    expect(layout.total).toBe(270);
    expect(layout.barSpan).toMatch(/^\d+ days$/);
  });

  it('keeps a short all-time chart from being one wide bar', () => {
    const layout = layoutHistogram(
      { interval: 'day', buckets: [{ start: '2026-11-22T00:00:00.000Z', count: 3 }] },
      null,
      NOW,
    );
    expect(layout.bars).toHaveLength(MIN_SLOTS);
    expect(layout.bars.at(-1)?.count).toBe(3);
  });

  it('lays out zero bars when nothing matched', () => {
    expect(layoutHistogram({ interval: 'day', buckets: [] }, null, NOW)).toMatchObject({ total: 0, maxCount: 0 });
  });
});
