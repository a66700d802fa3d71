import { describe, expect, it } from 'vitest';
import { smallCity } from '../../testing/city-factories.ts';
import { buildCityModel, countStates, nodeKey, parseNodeKey, statesFromImpact } from './city-model.ts';

describe('buildCityModel', () => {
  const { services, assets } = smallCity();
  const model = buildCityModel(services, assets);

  it('draws an edge from each owner to each member, labelling k-of-n groups and marking soft ones', () => {
    const from = (owner: string) =>
      (model.membersOf.get(nodeKey('service', owner)) ?? []).map((e) => [e.to, e.label, e.soft]);
    expect(from('water-supply')).toEqual([
      ['service:power-grid', null, false],
      ['asset:scada-1', '1 of 2', false],
      ['asset:scada-2', '1 of 2', false],
      ['asset:historian-db', null, true],
    ]);
    expect(model.ownersOf.get(nodeKey('asset', 'core-switch-1'))?.map((e) => e.from)).toEqual([
      'asset:scada-1',
      'asset:scada-2',
    ]);
  });

  it('drops edges to nodes the caller cannot see', () => {
    const partial = buildCityModel(services.slice(1), assets);
    expect(partial.edges.some((edge) => edge.to === 'service:power-grid')).toBe(false);
  });
});

describe('statesFromImpact', () => {
  it('colours what the answer lists and draws a compromised asset as at risk', () => {
    const states = statesFromImpact({
      services: [{ id: 'power-grid', name: 'Grid', department: 'energy', state: 'down', population: 1, path: [] }],
      assets: [{ id: 'grid-scada', name: 'Grid SCADA', department: 'energy', state: 'compromised' }],
      population_affected: 1,
      other_departments: { services: 0, assets: 0, population: 0 },
    });
    expect(states.get('service:power-grid')).toBe('down');
    expect(states.get('asset:grid-scada')).toBe('at_risk');
    expect(countStates(['service:power-grid', 'asset:scada-1'], states)).toEqual({
      ok: 1,
      degraded: 0,
      down: 1,
      at_risk: 0,
    });
  });
});

describe('parseNodeKey', () => {
  it('reads a kind and an id, and nothing else', () => {
    expect(parseNodeKey('asset:host:with:colons')).toEqual({ kind: 'asset', id: 'host:with:colons' });
    expect(parseNodeKey('zone:ot')).toBeNull();
    expect(parseNodeKey(null)).toBeNull();
  });
});
