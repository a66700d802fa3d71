import { describe, expect, it } from 'vitest';
import { fitMap } from './map-projection.ts';

describe('fitMap', () => {
  it('puts north up and east right, inside the padding', () => {
    const places = [
      { lat: 59.9, lon: 10.7 },
      { lat: 60.0, lon: 10.9 },
    ];
    const frame = fitMap(places, 400, 400, 20);
    const [south, north] = places.map(frame.project);
    expect(north?.y).toBeLessThan(south?.y ?? 0);
    expect(north?.x).toBeGreaterThan(south?.x ?? 0);
    for (const point of [south, north]) {
      expect(point?.x).toBeGreaterThanOrEqual(20);
      expect(point?.x).toBeLessThanOrEqual(380);
      expect(point?.y).toBeGreaterThanOrEqual(20);
      expect(point?.y).toBeLessThanOrEqual(frame.height - 20);
    }
  });

  it('shrinks longitude by the cosine of the latitude, so distances look right', () => {
    // 0.2° of longitude at 60° N is as long as 0.1° of latitude.
    const frame = fitMap(
      [
        { lat: 60, lon: 10 },
        { lat: 60.1, lon: 10.2 },
      ],
      1000,
      1000,
      0,
    );
    const a = frame.project({ lat: 60, lon: 10 });
    const b = frame.project({ lat: 60.1, lon: 10.2 });
    expect(Math.abs(b.x - a.x)).toBeCloseTo(Math.abs(b.y - a.y), -1);
  });

  it('gives a small frame for assets all at one place', () => {
    const frame = fitMap([{ lat: 1, lon: 2 }], 800, 460, 24);
    expect(frame.height).toBeLessThan(200);
    expect(frame.project({ lat: 1, lon: 2 })).toEqual({ x: 400, y: frame.height / 2 });
  });
});
