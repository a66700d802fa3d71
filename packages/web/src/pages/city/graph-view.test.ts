import { describe, expect, it } from 'vitest';
import { smallCity, testAsset, testService } from '../../testing/city-factories.ts';
import { buildCityModel } from './city-model.ts';
import { MAX_DRAWN_NODES, neighbourhood, selectGraphView } from './graph-view.ts';

const small = smallCity();
const model = buildCityModel(small.services, small.assets);

describe('neighbourhood', () => {
  it('takes what a node needs and what needs it, but not its siblings', () => {
    expect(neighbourhood(model, 'asset:scada-1', 100).sort()).toEqual([
      'asset:core-switch-1',
      'asset:scada-1',
      'service:water-supply',
    ]);
  });

  it('stops at the limit', () => {
    expect(neighbourhood(model, 'service:water-supply', 3)).toHaveLength(3);
  });
});

describe('selectGraphView', () => {
  it('draws a small city whole', () => {
    const view = selectGraphView(model, { department: null, selected: null, pinned: [] });
    expect(view.keys.size).toBe(7);
    expect(view.hiddenAssets).toBe(0);
  });

  it("draws a department with the other departments' nodes it links to, marked as context", () => {
    const view = selectGraphView(model, { department: 'water', selected: null, pinned: [] });
    expect([...view.context]).toEqual(['service:power-grid']);
    expect(view.keys.has('asset:grid-scada')).toBe(false);
  });

  it('draws only the services of a large city, plus the selection and the pinned assets', () => {
    const fleet = Array.from({ length: MAX_DRAWN_NODES }, (_, i) => testAsset(`cam-${i}`, { type: 'camera' }));
    const service = testService('cctv', { depends_on: [{ assets: fleet.map((a) => a.id), need: 10 }] });
    const large = buildCityModel([service], fleet);
    const view = selectGraphView(large, { department: null, selected: null, pinned: ['asset:cam-7'] });
    expect([...view.keys].sort()).toEqual(['asset:cam-7', 'service:cctv']);
    expect(view.hiddenAssets).toBe(MAX_DRAWN_NODES - 1);
  });
});
