import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { buildCityGraph, findGraphProblems, type GraphNodeInput } from './city-graph.ts';
import type { DependencyGroup } from './inventory.ts';

const service = (id: string, ...dependsOn: DependencyGroup[]): GraphNodeInput => ({ kind: 'service', id, dependsOn });
const asset = (id: string, ...dependsOn: DependencyGroup[]): GraphNodeInput => ({ kind: 'asset', id, dependsOn });

/** a0 ← a1 ← … ← a(n-1): each asset depends on the previous one. */
function assetChain(n: number): GraphNodeInput[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? asset('a0') : asset(`a${i}`, { asset: `a${i - 1}` })));
}

describe('buildCityGraph', () => {
  it('numbers nodes in input order and indexes services and assets separately', () => {
    const graph = buildCityGraph([asset('pump'), service('water', { asset: 'pump' })]);
    expect(graph.size).toBe(2);
    expect(graph.assetIndex.get('pump')).toBe(0);
    expect(graph.serviceIndex.get('water')).toBe(1);
  });

  it('keeps a service and an asset with the same id apart', () => {
    const graph = buildCityGraph([asset('scada'), service('scada', { asset: 'scada' })]);
    expect(graph.assetIndex.get('scada')).toBe(0);
    expect(graph.serviceIndex.get('scada')).toBe(1);
    expect(findGraphProblems([asset('scada'), service('scada', { asset: 'scada' })])).toEqual([]);
  });

  it('orders every node after its members whatever the input order', () => {
    const graph = buildCityGraph([
      service('billing', { service: 'water' }),
      service('water', { assets: ['pump', 'scada'] }),
      asset('scada', { asset: 'pump' }),
      asset('pump'),
    ]);
    const rank = (kind: 'service' | 'asset', id: string) =>
      graph.topoRank[(kind === 'service' ? graph.serviceIndex : graph.assetIndex).get(id)!]!;
    expect(rank('asset', 'pump')).toBeLessThan(rank('asset', 'scada'));
    expect(rank('asset', 'scada')).toBeLessThan(rank('service', 'water'));
    expect(rank('service', 'water')).toBeLessThan(rank('service', 'billing'));
  });

  it('refuses an unknown member with an InputError naming owner and member', () => {
    const build = () => buildCityGraph([service('water', { assets: ['pump'] })]);
    expect(build).toThrow(InputError);
    expect(build).toThrow(/^service "water" depends on unknown asset "pump"$/);
  });

  it('refuses a cycle with an InputError spelling the cycle out', () => {
    const build = () => buildCityGraph([asset('a', { asset: 'b' }), asset('b', { asset: 'a' })]);
    expect(build).toThrow(InputError);
    expect(build).toThrow('dependency cycle: asset "a" → asset "b" → asset "a"');
  });

  it('carries every problem in the error details and summarises a long list', () => {
    const nodes = Array.from({ length: 7 }, (_, i) => service(`s${i}`, { asset: `missing-${i}` }));
    try {
      buildCityGraph(nodes);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(/^7 problems in the city graph: .*; and 2 more$/);
      expect((error as InputError).details).toHaveLength(7);
    }
  });

  it('builds a 100k-node chain without deep recursion', () => {
    const graph = buildCityGraph([...assetChain(100_000), service('end', { asset: 'a99999' })]);
    expect(graph.topoOrder[0]).toBe(graph.assetIndex.get('a0'));
    expect(graph.topoOrder[100_000]).toBe(graph.serviceIndex.get('end'));
  });
});

describe('findGraphProblems', () => {
  it('returns nothing for a valid graph', () => {
    expect(findGraphProblems([asset('pump'), service('water', { asset: 'pump', need: 1 })])).toEqual([]);
  });

  it('reports every unknown member with its owner, not only the first', () => {
    const problems = findGraphProblems([
      asset('pump'),
      service('water', { asset: 'pump' }, { assets: ['scada-9'], service: 'power' }),
      asset('gw', { asset: 'sensor' }),
    ]);
    expect(problems).toEqual([
      { type: 'unknown_member', kind: 'service', id: 'water', member: { kind: 'service', id: 'power' } },
      { type: 'unknown_member', kind: 'service', id: 'water', member: { kind: 'asset', id: 'scada-9' } },
      { type: 'unknown_member', kind: 'asset', id: 'gw', member: { kind: 'asset', id: 'sensor' } },
    ]);
  });

  it('treats a member of the wrong kind as unknown', () => {
    expect(findGraphProblems([asset('pump'), service('water', { service: 'pump' })])).toEqual([
      { type: 'unknown_member', kind: 'service', id: 'water', member: { kind: 'service', id: 'pump' } },
    ]);
  });

  it('reports a duplicate node', () => {
    expect(findGraphProblems([asset('pump'), asset('pump')])).toEqual([
      { type: 'duplicate', kind: 'asset', id: 'pump' },
    ]);
  });

  it('reports a need larger than the group', () => {
    expect(findGraphProblems([asset('p1'), service('water', { assets: ['p1'], need: 2 })])).toEqual([
      { type: 'invalid_need', kind: 'service', id: 'water', group: 0, need: 2, members: 1 },
    ]);
  });

  it('reports a cycle in dependency order: each entry depends on the next', () => {
    const problems = findGraphProblems([
      service('water', { asset: 'scada' }),
      asset('scada', { asset: 'gw' }),
      asset('gw', { service: 'water' }),
    ]);
    expect(problems).toEqual([
      {
        type: 'cycle',
        cycle: [
          { kind: 'service', id: 'water' },
          { kind: 'asset', id: 'scada' },
          { kind: 'asset', id: 'gw' },
        ],
      },
    ]);
  });

  it('reports a node depending on itself', () => {
    expect(findGraphProblems([asset('a', { asset: 'a' })])).toEqual([
      { type: 'cycle', cycle: [{ kind: 'asset', id: 'a' }] },
    ]);
  });

  it('reports one cycle per strongly connected component, the shortest through its first node', () => {
    const problems = findGraphProblems([
      asset('a', { assets: ['b', 'c'] }),
      asset('b', { asset: 'c' }),
      asset('c', { asset: 'a' }),
      asset('x', { asset: 'y' }),
      asset('y', { asset: 'x' }),
    ]);
    const cycles = problems.map((p) => (p.type === 'cycle' ? p.cycle.map((r) => r.id) : []));
    expect(cycles).toEqual([
      ['a', 'c'],
      ['x', 'y'],
    ]);
  });

  it('does not report nodes that only depend on a cycle', () => {
    const problems = findGraphProblems([
      asset('a', { asset: 'b' }),
      asset('b', { asset: 'a' }),
      service('water', { asset: 'a' }),
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ type: 'cycle', cycle: [{ id: 'a' }, { id: 'b' }] });
  });

  it('finds cycles among the rest when members are unknown', () => {
    const problems = findGraphProblems([asset('a', { assets: ['b', 'ghost'] }), asset('b', { asset: 'a' })]);
    expect(problems.map((p) => p.type)).toEqual(['unknown_member', 'cycle']);
  });

  it('finds a cycle closing a 100k-node chain without deep recursion', () => {
    const nodes = assetChain(100_000);
    nodes[0] = asset('a0', { asset: 'a99999' });
    const problems = findGraphProblems(nodes);
    expect(problems).toHaveLength(1);
    const cycle = problems[0]!.type === 'cycle' ? problems[0]!.cycle : [];
    expect(cycle).toHaveLength(100_000);
    expect(cycle[0]).toEqual({ kind: 'asset', id: 'a0' });
    expect(cycle[1]).toEqual({ kind: 'asset', id: 'a99999' });
  });
});
