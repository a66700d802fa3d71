import { describe, expect, it } from 'vitest';
import { smallCity, testAsset, testService } from '../../testing/city-factories.ts';
import { buildCityModel } from './city-model.ts';
import { collapseFleets } from './graph-fleets.ts';
import { layoutCityGraph } from './graph-layout.ts';
import { selectGraphView } from './graph-view.ts';

function drawnCity(services = smallCity().services, assets = smallCity().assets) {
  const model = buildCityModel(services, assets);
  return collapseFleets(
    model,
    selectGraphView(model, { department: null, selected: null, pinned: [] }),
    new Map(),
    new Set(),
  );
}

describe('layoutCityGraph', () => {
  it('puts every service above every asset, and each owner above what it needs', () => {
    // An asset nothing depends on would be ranked at the top without the unseen root.
    const { services, assets } = smallCity();
    const layout = layoutCityGraph(drawnCity(services, [...assets, testAsset('orphan')]), 2000);
    const y = new Map(layout.nodes.map((placed) => [placed.node.key, placed.y]));
    const serviceYs = layout.nodes.filter((p) => p.node.kind === 'service').map((p) => p.y);
    const assetYs = layout.nodes.filter((p) => p.node.kind === 'asset').map((p) => p.y);
    expect(Math.max(...serviceYs)).toBeLessThan(Math.min(...assetYs));
    expect(y.get('service:water-supply')).toBeLessThan(y.get('service:power-grid') ?? 0);
    expect(y.get('asset:scada-1')).toBeLessThan(y.get('asset:core-switch-1') ?? 0);
    expect(layout.edges).toHaveLength(7);
    expect(layout.edges.every((edge) => edge.path.startsWith('M'))).toBe(true);
  });

  it('wraps a layer wider than the room into rows', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      testAsset(`probe-${i}`, { name: `Distinct probe ${i}`, department: `d${i}` }),
    );
    const service = testService('monitoring', { depends_on: many.map((a) => ({ asset: a.id })) });
    const layout = layoutCityGraph(drawnCity([service], many), 600);
    expect(layout.width).toBeLessThanOrEqual(600);
    expect(new Set(layout.nodes.filter((p) => p.node.kind === 'asset').map((p) => p.y)).size).toBeGreaterThan(1);
    for (const placed of layout.nodes) expect(placed.x + placed.width / 2).toBeLessThanOrEqual(layout.width);
  });
});
