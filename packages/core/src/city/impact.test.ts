import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { buildCityGraph, type GraphNodeInput } from './city-graph.ts';
import { computeImpact, servicesSupportedBy } from './impact.ts';
import { ImpactAction, type ImpactResult } from './impact-result.ts';
import { dependencyMembers, dependencyNeed, type DependencyGroup, type NodeKind } from './inventory.ts';

const service = (id: string, population: number, ...dependsOn: DependencyGroup[]): GraphNodeInput => ({
  kind: 'service',
  id,
  population,
  dependsOn,
});
const asset = (id: string, ...dependsOn: DependencyGroup[]): GraphNodeInput => ({ kind: 'asset', id, dependsOn });

function impact(nodes: GraphNodeInput[], action: ImpactAction, assets: string[], unavailable: string[] = []) {
  return computeImpact(buildCityGraph(nodes), { action, assets, unavailable: new Set(unavailable) });
}

const serviceStates = (result: ImpactResult) => Object.fromEntries(result.services.map((s) => [s.id, s.state]));
const assetStates = (result: ImpactResult) => Object.fromEntries(result.assets.map((a) => [a.id, a.state]));
const pathOf = (result: ImpactResult, id: string) => result.services.find((s) => s.id === id)?.path;

/** Water needs one of two pumps. */
const redundantPumps = () => [asset('p1'), asset('p2'), service('water', 1000, { assets: ['p1', 'p2'], need: 1 })];

describe('computeImpact: dependency groups', () => {
  it('degrades a service that loses 1 of 2 redundant members', () => {
    const result = impact(redundantPumps(), 'offline', ['p1']);
    expect(result.services).toEqual([{ id: 'water', state: 'degraded', population: 1000, path: ['p1', 'water'] }]);
    expect(result.population_affected).toBe(1000);
  });

  it('takes a service down when it loses 2 of 2 redundant members', () => {
    expect(serviceStates(impact(redundantPumps(), 'offline', ['p1', 'p2']))).toEqual({ water: 'down' });
  });

  it('needs every member when need is not given', () => {
    const nodes = [asset('p1'), asset('p2'), service('water', 10, { assets: ['p1', 'p2'] })];
    expect(serviceStates(impact(nodes, 'offline', ['p1']))).toEqual({ water: 'down' });
  });

  it('degrades, not downs, a service whose soft group fails', () => {
    const nodes = [
      asset('pump'),
      asset('meter'),
      service('water', 10, { asset: 'pump' }, { asset: 'meter', soft: true }),
    ];
    expect(serviceStates(impact(nodes, 'offline', ['meter']))).toEqual({ water: 'degraded' });
  });

  it('degrades the dependants of a degraded service', () => {
    const nodes = [...redundantPumps(), service('billing', 5, { service: 'water' })];
    const result = impact(nodes, 'offline', ['p1']);
    expect(serviceStates(result)).toEqual({ water: 'degraded', billing: 'degraded' });
    expect(pathOf(result, 'billing')).toEqual(['p1', 'water', 'billing']);
  });

  it('does not degrade the dependants of a degraded asset (reduced redundancy still serves them)', () => {
    const nodes = [
      asset('s1'),
      asset('s2'),
      asset('gw', { assets: ['s1', 's2'], need: 1 }),
      service('w', 9, { asset: 'gw' }),
    ];
    const result = impact(nodes, 'offline', ['s1']);
    expect(result.services).toEqual([]);
    expect(assetStates(result)).toEqual({ s1: 'down', gw: 'degraded' });
  });

  it('follows a chain asset → asset → service → service', () => {
    const nodes = [
      asset('sensor'),
      asset('gw', { asset: 'sensor' }),
      service('telemetry', 10, { asset: 'gw' }),
      service('billing', 20, { service: 'telemetry' }),
    ];
    const result = impact(nodes, 'offline', ['sensor']);
    expect(serviceStates(result)).toEqual({ telemetry: 'down', billing: 'down' });
    expect(assetStates(result)).toEqual({ sensor: 'down', gw: 'down' });
    expect(pathOf(result, 'billing')).toEqual(['sensor', 'gw', 'telemetry', 'billing']);
  });

  it('counts the population of a service reached by two routes once (diamond)', () => {
    const nodes = [
      asset('core'),
      asset('r1', { asset: 'core' }),
      asset('r2', { asset: 'core' }),
      service('water', 100, { asset: 'r1' }, { asset: 'r2' }),
      service('portal', 7, { services: ['water'] }, { asset: 'r2' }),
    ];
    const result = impact(nodes, 'offline', ['core']);
    expect(result.services.map((s) => s.id)).toEqual(['water', 'portal']);
    expect(result.population_affected).toBe(107);
  });

  it('keeps service and asset ids in separate namespaces', () => {
    const nodes = [asset('x'), asset('y'), service('x', 1, { asset: 'y' }), service('z', 2, { service: 'x' })];
    expect(serviceStates(impact(nodes, 'offline', ['x']))).toEqual({});
    expect(serviceStates(impact(nodes, 'offline', ['y']))).toEqual({ x: 'down', z: 'down' });
  });
});

describe('computeImpact: actions', () => {
  it('lists the assets named by offline and isolate as down', () => {
    for (const action of ['offline', 'isolate'] as const) {
      expect(impact([asset('cam')], action, ['cam']).assets).toEqual([{ id: 'cam', state: 'down' }]);
    }
  });

  it('puts transitive dependants of a compromised asset at risk, without counting population', () => {
    const nodes = [
      asset('plc'),
      asset('scada', { asset: 'plc' }),
      service('water', 100, { asset: 'scada' }),
      service('billing', 50, { service: 'water' }),
    ];
    const result = impact(nodes, 'compromise', ['plc']);
    expect(result.services).toEqual([
      { id: 'water', state: 'at_risk', population: 100, path: ['plc', 'scada', 'water'] },
      { id: 'billing', state: 'at_risk', population: 50, path: ['plc', 'scada', 'water', 'billing'] },
    ]);
    expect(result.assets).toEqual([
      { id: 'scada', state: 'at_risk' },
      { id: 'plc', state: 'compromised' },
    ]);
    expect(result.population_affected).toBe(0);
  });

  it('puts at risk through redundant groups and degraded assets alike', () => {
    const nodes = [
      asset('a'),
      asset('b'),
      asset('gw', { assets: ['a', 'b'], need: 1 }),
      service('water', 1, { asset: 'gw' }),
    ];
    const result = impact(nodes, 'compromise', ['a'], ['b']);
    expect(assetStates(result)).toEqual({ a: 'compromised', b: 'down', gw: 'degraded' });
    expect(result.services).toEqual([{ id: 'water', state: 'at_risk', population: 1, path: ['a', 'gw', 'water'] }]);
  });

  it('lets down beat at_risk', () => {
    const nodes = [asset('plc'), asset('power'), service('water', 100, { asset: 'plc' }, { asset: 'power' })];
    const result = impact(nodes, 'compromise', ['plc'], ['power']);
    expect(result.services).toEqual([{ id: 'water', state: 'down', population: 100, path: ['power', 'water'] }]);
    expect(result.population_affected).toBe(100);
  });

  it('takes down the dependants of a compromised asset that is already unavailable', () => {
    const nodes = [asset('plc'), service('water', 100, { asset: 'plc' })];
    const result = impact(nodes, 'compromise', ['plc'], ['plc']);
    expect(serviceStates(result)).toEqual({ water: 'down' });
    expect(assetStates(result)).toEqual({ plc: 'compromised' });
  });

  it('brings services back when an already-unavailable asset is restored', () => {
    const result = impact(redundantPumps(), 'restore', ['p1'], ['p1', 'p2']);
    expect(result.services).toEqual([{ id: 'water', state: 'degraded', population: 1000, path: ['p2', 'water'] }]);
    expect(impact(redundantPumps(), 'restore', ['p1', 'p2'], ['p1', 'p2'])).toEqual({
      services: [],
      assets: [],
      population_affected: 0,
    });
  });

  it('keeps a restored asset down while its own dependencies are unavailable', () => {
    const nodes = [asset('power'), asset('pump', { asset: 'power' }), service('water', 3, { asset: 'pump' })];
    const result = impact(nodes, 'restore', ['pump'], ['power', 'pump']);
    expect(assetStates(result)).toEqual({ power: 'down', pump: 'down' });
    expect(pathOf(result, 'water')).toEqual(['power', 'pump', 'water']);
  });

  it('lists what already-unavailable assets take down, with paths from them', () => {
    const nodes = [
      asset('gw'),
      asset('cam'),
      service('traffic', 40, { asset: 'gw' }),
      service('cctv', 5, { asset: 'cam' }),
    ];
    const result = impact(nodes, 'offline', ['cam'], ['gw']);
    expect(result.services).toEqual([
      { id: 'traffic', state: 'down', population: 40, path: ['gw', 'traffic'] },
      { id: 'cctv', state: 'down', population: 5, path: ['cam', 'cctv'] },
    ]);
    expect(result.assets).toEqual([
      { id: 'cam', state: 'down' },
      { id: 'gw', state: 'down' },
    ]);
  });

  it('reflects the city now when no asset is named', () => {
    expect(serviceStates(impact(redundantPumps(), 'offline', [], ['p2']))).toEqual({ water: 'degraded' });
  });

  it('refuses unknown assets with an InputError naming them', () => {
    const nodes = [asset('pump'), service('water', 1, { asset: 'pump' })];
    expect(() => impact(nodes, 'offline', ['pump', 'ghost', 'water'])).toThrow(InputError);
    expect(() => impact(nodes, 'offline', ['pump', 'ghost', 'water'])).toThrow('unknown assets: ghost, water');
  });

  it('ignores unavailable ids the graph does not know', () => {
    expect(impact(redundantPumps(), 'offline', [], ['retired-pump']).services).toEqual([]);
  });
});

describe('computeImpact: paths and order', () => {
  it('gives a shortest path from a causing asset', () => {
    const nodes = [
      asset('core'),
      asset('x', { asset: 'core' }),
      asset('y', { asset: 'x' }),
      service('water', 1, { asset: 'y' }, { asset: 'core' }),
    ];
    expect(pathOf(impact(nodes, 'offline', ['core']), 'water')).toEqual(['core', 'water']);
  });

  it('follows the members that failed a hard group, not a soft one, for a down service', () => {
    const nodes = [
      asset('meter'),
      asset('x', { asset: 'pump' }),
      asset('pump'),
      service('water', 1, { asset: 'meter', soft: true }, { asset: 'x' }),
    ];
    expect(pathOf(impact(nodes, 'offline', ['meter', 'pump']), 'water')).toEqual(['pump', 'x', 'water']);
  });

  it('sorts services by state, population desc, id and assets by state, id, whatever the input order', () => {
    const nodes = [
      asset('b'),
      asset('a'),
      asset('c'),
      service('s-small', 1, { asset: 'a' }),
      service('s-big-2', 9, { asset: 'b' }),
      service('s-big-1', 9, { asset: 'b' }),
      service('s-deg', 99, { assets: ['a', 'c'], need: 1 }),
    ];
    const result = impact(nodes, 'offline', ['b', 'a']);
    expect(result.services.map((s) => `${s.state}:${s.id}`)).toEqual([
      'down:s-big-1',
      'down:s-big-2',
      'down:s-small',
      'degraded:s-deg',
    ]);
    expect(result.assets.map((a) => a.id)).toEqual(['a', 'b']);
    expect(impact([...nodes].reverse(), 'offline', ['a', 'b'])).toEqual(result);
  });

  it('handles a 100k-node chain without deep recursion', () => {
    const nodes = Array.from({ length: 99_999 }, (_, i) =>
      asset(`a${i}`, ...(i === 0 ? [] : [{ asset: `a${i - 1}` }])),
    );
    nodes.push(service('end', 1, { asset: 'a99998' }));
    const result = impact(nodes, 'offline', ['a0']);
    expect(result.services[0]!.path).toHaveLength(100_000);
    expect(result.assets).toHaveLength(99_999);
  });
});

describe('servicesSupportedBy', () => {
  it('lists the services an asset supports transitively, by population desc then id', () => {
    const nodes = [
      asset('gw'),
      asset('scada', { asset: 'gw' }),
      service('water', 100, { asset: 'scada' }),
      service('billing', 5, { service: 'water' }),
      service('alerts', 5, { asset: 'gw', soft: true }),
      service('parking', 500),
    ];
    expect(servicesSupportedBy(buildCityGraph(nodes), 'gw')).toEqual(['water', 'alerts', 'billing']);
  });

  it('returns nothing for an asset the graph does not know', () => {
    expect(servicesSupportedBy(buildCityGraph(redundantPumps()), 'ghost')).toEqual([]);
  });
});

/* Property: computeImpact agrees with a naive fixed point over the whole graph, on random small DAGs. */

type Ref = `${NodeKind}:${string}`;
const key = (kind: NodeKind, id: string): Ref => `${kind}:${id}`;
type NaiveState = 'ok' | 'degraded' | 'down';

function naiveImpact(nodes: GraphNodeInput[], action: ImpactAction, named: string[], unavailable: Set<string>) {
  const down = new Set(unavailable);
  for (const id of named) if (action === 'offline' || action === 'isolate') down.add(id);
  for (const id of named) if (action === 'restore') down.delete(id);
  const compromised = new Set(action === 'compromise' ? named : []);
  const state = new Map<Ref, NaiveState>(nodes.map((n) => [key(n.kind, n.id), 'ok']));
  const tainted = new Set<Ref>(named.filter((id) => compromised.has(id)).map((id) => key('asset', id)));
  for (let changed = true; changed;) {
    changed = false;
    for (const node of nodes) {
      let next: NaiveState = 'ok';
      for (const group of node.dependsOn) {
        const members = dependencyMembers(group);
        const states = members.map((m) => state.get(key(m.kind, m.id)));
        const missing = states.filter((s) => s === 'down').length;
        if (members.some((m) => tainted.has(key(m.kind, m.id))) && !tainted.has(key(node.kind, node.id))) {
          tainted.add(key(node.kind, node.id));
          changed = true;
        }
        const fails = members.length - missing < dependencyNeed(group);
        const serviceDegraded = members.some((m, i) => m.kind === 'service' && states[i] === 'degraded');
        if (fails && !group.soft) next = 'down';
        else if ((missing > 0 || serviceDegraded) && next === 'ok') next = 'degraded';
      }
      if (node.kind === 'asset' && down.has(node.id)) next = 'down';
      if (state.get(key(node.kind, node.id)) !== next) {
        state.set(key(node.kind, node.id), next);
        changed = true;
      }
    }
  }
  const label = (n: GraphNodeInput) => {
    const s = state.get(key(n.kind, n.id))!;
    if (n.kind === 'asset' && compromised.has(n.id)) return 'compromised';
    return s !== 'ok' ? s : tainted.has(key(n.kind, n.id)) ? 'at_risk' : 'ok';
  };
  const order = ['down', 'degraded', 'at_risk', 'compromised'];
  const byId = (a: GraphNodeInput, b: GraphNodeInput) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const listed = nodes.filter((n) => label(n) !== 'ok');
  const services = listed
    .filter((n) => n.kind === 'service')
    .sort((a, b) => order.indexOf(label(a)) - order.indexOf(label(b)) || b.population! - a.population! || byId(a, b));
  const assets = listed
    .filter((n) => n.kind === 'asset')
    .sort((a, b) => order.indexOf(label(a)) - order.indexOf(label(b)) || byId(a, b));
  return {
    services: services.map((n) => ({ id: n.id, state: label(n), population: n.population })),
    assets: assets.map((n) => ({ id: n.id, state: label(n) })),
    population_affected: services.filter((n) => label(n) !== 'at_risk').reduce((sum, n) => sum + n.population!, 0),
    down,
    compromised,
    isAffected: (ref: Ref, atRisk: boolean) => (atRisk ? tainted.has(ref) : state.get(ref) !== 'ok'),
  };
}

/** Random DAG: node i depends only on nodes before it; services and assets share ids (n0, n1, …). */
const randomDag = fc
  .array(
    fc.record({
      service: fc.boolean(),
      population: fc.nat({ max: 50 }),
      groups: fc.array(
        fc.record({
          members: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
          need: fc.option(fc.nat()),
          soft: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .map((specs) => {
    const counters = { service: 0, asset: 0 };
    const refs = specs.map((spec) => {
      const kind: NodeKind = spec.service ? 'service' : 'asset';
      return { kind, id: `n${counters[kind]++}` };
    });
    return specs.map((spec, i): GraphNodeInput => {
      const dependsOn =
        i === 0
          ? []
          : spec.groups.map((g) => {
              const members = g.members.map((m) => refs[m % i]!);
              const need = g.need === null ? undefined : 1 + (g.need % members.length);
              const services = members.filter((m) => m.kind === 'service').map((m) => m.id);
              const assets = members.filter((m) => m.kind === 'asset').map((m) => m.id);
              return { services, assets, need, soft: g.soft };
            });
      return { ...refs[i]!, population: spec.service ? spec.population : 0, dependsOn };
    });
  });

describe('computeImpact against a naive fixed point', () => {
  it('agrees on states, order and population, and every path follows affected dependency edges', () => {
    const scenario = fc.record({
      nodes: randomDag,
      action: fc.constantFrom(...ImpactAction.options),
      named: fc.array(fc.nat(), { maxLength: 3 }),
      unavailable: fc.array(fc.nat(), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(scenario, ({ nodes, action, named, unavailable }) => {
        const assetIds = nodes.filter((n) => n.kind === 'asset').map((n) => n.id);
        const pick = (picks: number[]) =>
          assetIds.length === 0 ? [] : picks.map((p) => assetIds[p % assetIds.length]!);
        const names = [...new Set(pick(named))];
        const down = new Set(pick(unavailable));
        // Reversed input: the graph must not rely on input order being topological.
        const result = computeImpact(buildCityGraph([...nodes].reverse()), {
          action,
          assets: names,
          unavailable: down,
        });
        const expected = naiveImpact(nodes, action, names, down);
        expect(result.services.map(({ id, state, population }) => ({ id, state, population }))).toEqual(
          expected.services,
        );
        expect(result.assets).toEqual(expected.assets);
        expect(result.population_affected).toBe(expected.population_affected);
        for (const s of result.services) expectValidPath(nodes, s.path, s.state === 'at_risk', expected);
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * A path holds ids only and ids repeat across kinds, so it is checked as a walk over candidate nodes: it starts
 * at a causing asset, each step goes to an affected node depending on the previous one, and ends at a service.
 */
function expectValidPath(
  nodes: GraphNodeInput[],
  path: string[],
  atRisk: boolean,
  expected: ReturnType<typeof naiveImpact>,
) {
  const causes = atRisk ? expected.compromised : expected.down;
  let current = new Set<Ref>(causes.has(path[0]!) ? [key('asset', path[0]!)] : []);
  for (const id of path.slice(1)) {
    const next = new Set<Ref>();
    for (const node of nodes) {
      const ref = key(node.kind, node.id);
      if (node.id !== id || !expected.isAffected(ref, atRisk)) continue;
      const members = node.dependsOn.flatMap((g) => dependencyMembers(g).map((m) => key(m.kind, m.id)));
      if (members.some((m) => current.has(m))) next.add(ref);
    }
    current = next;
  }
  expect(current.has(key('service', path[path.length - 1]!)), `path ${path.join(' → ')}`).toBe(true);
}
