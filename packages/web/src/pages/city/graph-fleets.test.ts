import { describe, expect, it } from 'vitest';
import { testAsset, testService } from '../../testing/city-factories.ts';
import { buildCityModel, type NodeKey, type NodeState } from './city-model.ts';
import { collapseFleets, MIN_FLEET } from './graph-fleets.ts';
import { selectGraphView } from './graph-view.ts';

const cameras = Array.from({ length: MIN_FLEET + 3 }, (_, i) =>
  testAsset(`cam-${i}`, { name: `Street camera 0${i}`, type: 'camera', depends_on: [{ asset: 'gw' }] }),
);
const model = buildCityModel(
  [testService('cctv', { depends_on: [{ assets: cameras.map((c) => c.id), need: 4 }] })],
  [testAsset('gw', { type: 'gateway' }), ...cameras],
);
const view = selectGraphView(model, { department: null, selected: null, pinned: [] });

describe('collapseFleets', () => {
  it('draws interchangeable assets as one fleet, named by what their names share', () => {
    const drawn = collapseFleets(model, view, new Map(), new Set());
    const fleet = drawn.nodes.find((node) => node.members.length > 1);
    expect(fleet).toMatchObject({ name: `Street camera ×${MIN_FLEET + 3}`, kind: 'asset', state: 'ok' });
    expect(drawn.nodes).toHaveLength(3);
    // One edge per group between the same drawn nodes, not one per camera.
    expect(drawn.edges.map((e) => [e.from, e.to, e.label])).toEqual([
      ['service:cctv', fleet?.key, `4 of ${MIN_FLEET + 3}`],
      [fleet?.key, 'asset:gw', null],
    ]);
  });

  it('keeps the selection apart, and splits a fleet by state', () => {
    const states = new Map<NodeKey, NodeState>([['asset:cam-1', 'down']]);
    const drawn = collapseFleets(model, view, states, new Set(['asset:cam-0' as const]));
    const singles = drawn.nodes.filter((node) => node.members.length === 1).map((node) => node.key);
    expect(singles.sort()).toEqual(['asset:cam-0', 'asset:cam-1', 'asset:gw', 'service:cctv']);
    expect(drawn.drawnKeyOf.get('asset:cam-2')).toMatch(/^fleet:/);
  });
});
