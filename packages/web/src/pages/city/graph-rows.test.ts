import { describe, expect, it } from 'vitest';
import { curveBetween, wrapLayers } from './graph-rows.ts';

const box = (key: string, x: number, y: number) => ({ key, x, y, width: 100, height: 40 });

describe('wrapLayers', () => {
  it("cuts a layer into rows no wider than the room, in dagre's order, the next layer below them", () => {
    const boxes = [box('b', 300, 100), box('a', 100, 100), box('c', 500, 100), box('below', 300, 200)];
    const { centres, width } = wrapLayers(boxes, 230, 0);
    expect(width).toBeLessThanOrEqual(230);
    expect(centres.get('a')?.y).toBe(centres.get('b')?.y);
    expect(centres.get('a')?.x).toBeLessThan(centres.get('b')?.x ?? 0);
    expect(centres.get('c')?.y).toBeGreaterThan(centres.get('a')?.y ?? 0);
    expect(centres.get('below')?.y).toBeGreaterThan(centres.get('c')?.y ?? 0);
  });
});

describe('curveBetween', () => {
  it('runs from the bottom of the owner to the top of the member, with the label just above the member', () => {
    const { path, labelAt } = curveBetween(box('owner', 0, 0), box('member', 200, 400));
    expect(path.startsWith('M0,20 ')).toBe(true);
    expect(path.endsWith(' 200,380')).toBe(true);
    expect(Math.hypot(labelAt.x - 200, labelAt.y - 380)).toBeGreaterThanOrEqual(24);
    expect(labelAt.y).toBeGreaterThan(300);
  });
});
