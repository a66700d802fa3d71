import { describe, expect, it } from 'vitest';
import { linePath, linePoints, niceCeiling } from './line-chart.ts';

describe('niceCeiling', () => {
  it('rounds the top of the scale up to 1, 2 or 5 × 10ⁿ', () => {
    expect([0, 1, 3, 7, 10, 11, 42, 180, 501].map(niceCeiling)).toEqual([1, 1, 5, 10, 10, 20, 50, 200, 1000]);
  });
});

describe('linePoints and linePath', () => {
  it('spread the values over the width, zero at the bottom and the top of the scale at the top', () => {
    const points = linePoints([0, 5, 10], 100, 50, 10);
    expect(points).toEqual([
      { x: 0, y: 50 },
      { x: 50, y: 25 },
      { x: 100, y: 0 },
    ]);
    expect(linePath(points)).toBe('M0 50 L50 25 L100 0');
  });

  it('centres a single value and keeps out-of-scale values inside the chart', () => {
    expect(linePoints([3], 100, 50, 10)).toEqual([{ x: 50, y: 35 }]);
    expect(linePoints([-2, 20], 100, 50, 10).map((p) => p.y)).toEqual([50, 0]);
    expect(linePoints([], 100, 50, 10)).toEqual([]);
  });
});
