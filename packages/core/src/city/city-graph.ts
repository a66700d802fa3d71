import { InputError } from '../errors.ts';
import {
  dependencyMembers,
  dependencyNeed,
  type DependencyGroup,
  type DependencyRef,
  type NodeKind,
} from './inventory.ts';

/**
 * The dependency graph of the city (services and assets), compiled once so that each cascade-impact what-if
 * (impact.ts) touches only the nodes the change can reach. Pure: no I/O.
 */

/** One service or asset as the graph needs it: its dependency groups and, for services, the residents served. */
export interface GraphNodeInput {
  kind: NodeKind;
  id: string;
  /** Residents served; counted in "population affected". Ignored for assets. Default 0. */
  population?: number;
  dependsOn: readonly DependencyGroup[];
}

/**
 * A reason the graph cannot be built, reported by findGraphProblems and carried in the `details` of the
 * InputError buildCityGraph throws. `kind`/`id` name the node at fault.
 * - `duplicate`: the same kind and id appear twice.
 * - `unknown_member`: a dependency group names a service or asset that is not in the graph.
 * - `invalid_need`: a group's `need` is not an integer between 1 and its member count (group = its position).
 * - `cycle`: one cycle per strongly connected component: each entry depends on the next, the last on the first.
 */
export type GraphProblem =
  | { type: 'duplicate'; kind: NodeKind; id: string }
  | { type: 'unknown_member'; kind: NodeKind; id: string; member: DependencyRef }
  | { type: 'invalid_need'; kind: NodeKind; id: string; group: number; need: number; members: number }
  | { type: 'cycle'; cycle: DependencyRef[] };

export const SERVICE_NODE = 0;
export const ASSET_NODE = 1;

/**
 * The compiled graph: nodes are numbered 0…size-1 in input order and every relation is a flat integer array
 * (CSR: the items of x are `items[start[x]]…items[start[x + 1] - 1]`), so a what-if allocates a few typed
 * arrays instead of walking objects. Built only by buildCityGraph, which guarantees: member ids resolve, needs
 * are valid, no cycle. Read-only for everyone else; impact.ts reads the layout.
 */
export interface CityGraph {
  readonly size: number;
  /** SERVICE_NODE or ASSET_NODE per node. */
  readonly kind: Uint8Array;
  readonly ids: readonly string[];
  readonly population: Float64Array;
  readonly serviceIndex: ReadonlyMap<string, number>;
  readonly assetIndex: ReadonlyMap<string, number>;
  /** Node v owns the groups groupStart[v]…groupStart[v + 1] - 1 (groups are numbered in owner order). */
  readonly groupStart: Int32Array;
  readonly groupNeed: Int32Array;
  readonly groupSoft: Uint8Array;
  /** Group g's members (node indexes, as listed, repeats kept) are members[memberStart[g]…]. */
  readonly memberStart: Int32Array;
  readonly members: Int32Array;
  /** The nodes that list v as a member, once per listing: dependents[dependentStart[v]…]. */
  readonly dependentStart: Int32Array;
  readonly dependents: Int32Array;
  /** Every node after all of its members: evaluating in this order needs no recursion. */
  readonly topoRank: Int32Array;
  readonly topoOrder: Int32Array;
  /**
   * Output order computed once so answers sort numerically: services by population desc then id, then
   * assets by id (ids compared by code unit, not locale, so the order is the same on every machine).
   */
  readonly listRank: Int32Array;
  readonly byListRank: Int32Array;
}

/**
 * Compiles the graph. Throws InputError when findGraphProblems reports anything: the message names the
 * problems (the first few), `details` holds all of them.
 */
export function buildCityGraph(nodes: Iterable<GraphNodeInput>): CityGraph {
  const { layout, problems } = compile(nodes);
  if (problems.length > 0) throw new InputError(describeProblems(problems), problems);
  return layout;
}

/**
 * For import validation: every problem, not only the first (see GraphProblem). Unknown members are left out
 * of the cycle search; cycles are found among the rest. Never throws.
 */
export function findGraphProblems(nodes: Iterable<GraphNodeInput>): GraphProblem[] {
  return compile(nodes).problems;
}

function compile(input: Iterable<GraphNodeInput>): { layout: CityGraph; problems: GraphProblem[] } {
  const nodes = [...input];
  const size = nodes.length;
  const problems: GraphProblem[] = [];
  const serviceIndex = new Map<string, number>();
  const assetIndex = new Map<string, number>();
  const kind = new Uint8Array(size);
  const population = new Float64Array(size);
  nodes.forEach((node, v) => {
    const index = node.kind === 'service' ? serviceIndex : assetIndex;
    if (index.has(node.id)) problems.push({ type: 'duplicate', kind: node.kind, id: node.id });
    else index.set(node.id, v);
    kind[v] = node.kind === 'service' ? SERVICE_NODE : ASSET_NODE;
    population[v] = node.kind === 'service' ? (node.population ?? 0) : 0;
  });

  const groupStart = new Int32Array(size + 1);
  const need: number[] = [];
  const soft: number[] = [];
  const memberStart: number[] = [0];
  const members: number[] = [];
  nodes.forEach((node, v) => {
    node.dependsOn.forEach((group, position) => {
      const listed = dependencyMembers(group);
      const groupNeed = dependencyNeed(group);
      if (!Number.isInteger(groupNeed) || groupNeed < 1 || groupNeed > listed.length) {
        problems.push({ ...ref(node), type: 'invalid_need', group: position, need: groupNeed, members: listed.length });
      }
      for (const member of listed) {
        const m = (member.kind === 'service' ? serviceIndex : assetIndex).get(member.id);
        if (m === undefined) problems.push({ ...ref(node), type: 'unknown_member', member });
        else members.push(m);
      }
      need.push(groupNeed);
      soft.push(group.soft === true ? 1 : 0);
      memberStart.push(members.length);
    });
    groupStart[v + 1] = need.length;
  });

  const memberStarts = Int32Array.from(memberStart);
  const memberList = Int32Array.from(members);
  const { dependentStart, dependents } = reverse(size, groupStart, memberStarts, memberList);
  const { topoOrder, remaining } = topologicalOrder(size, groupStart, memberStarts, dependentStart, dependents);
  const edges = { groupStart, memberStart: memberStarts, members: memberList };
  if (topoOrder.length < size) {
    for (const cycle of findCycles(size, edges, remaining)) {
      problems.push({ type: 'cycle', cycle: cycle.map((v) => ref(nodes[v]!)) });
    }
  }
  const topoRank = new Int32Array(size);
  topoOrder.forEach((v, rank) => (topoRank[v] = rank));
  const byListRank = Int32Array.from(listOrder(nodes));
  const listRank = new Int32Array(size);
  byListRank.forEach((v, rank) => (listRank[v] = rank));
  const layout: CityGraph = {
    size,
    kind,
    ids: nodes.map((node) => node.id),
    population,
    serviceIndex,
    assetIndex,
    groupNeed: Int32Array.from(need),
    groupSoft: Uint8Array.from(soft),
    ...edges,
    dependentStart,
    dependents,
    topoRank,
    topoOrder,
    listRank,
    byListRank,
  };
  return { layout, problems };
}

function ref(node: GraphNodeInput): DependencyRef {
  return { kind: node.kind, id: node.id };
}

function reverse(size: number, groupStart: Int32Array, memberStart: Int32Array, members: Int32Array) {
  const dependentStart = new Int32Array(size + 1);
  for (const m of members) dependentStart[m + 1]! += 1;
  for (let v = 0; v < size; v++) dependentStart[v + 1]! += dependentStart[v]!;
  const fill = dependentStart.slice(0, size);
  const dependents = new Int32Array(members.length);
  for (let v = 0; v < size; v++) {
    for (let e = memberStart[groupStart[v]!]!; e < memberStart[groupStart[v + 1]!]!; e++) {
      dependents[fill[members[e]!]!++] = v;
    }
  }
  return { dependentStart, dependents };
}

/**
 * Kahn's algorithm, members before owners. A node's forward edges are one contiguous slice of `members`
 * because groups are numbered in owner order. Nodes left over (`remaining`) lie on or behind a cycle.
 */
function topologicalOrder(
  size: number,
  groupStart: Int32Array,
  memberStart: Int32Array,
  dependentStart: Int32Array,
  dependents: Int32Array,
) {
  const pending = new Int32Array(size);
  const queue = new Int32Array(size);
  let tail = 0;
  for (let v = 0; v < size; v++) {
    pending[v] = memberStart[groupStart[v + 1]!]! - memberStart[groupStart[v]!]!;
    if (pending[v] === 0) queue[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const u = queue[head]!;
    for (let e = dependentStart[u]!; e < dependentStart[u + 1]!; e++) {
      const owner = dependents[e]!;
      if (--pending[owner]! === 0) queue[tail++] = owner;
    }
  }
  const remaining = new Uint8Array(size);
  for (let v = 0; v < size; v++) if (pending[v]! > 0) remaining[v] = 1;
  return { topoOrder: queue.slice(0, tail), remaining };
}

interface Edges {
  groupStart: Int32Array;
  memberStart: Int32Array;
  members: Int32Array;
}

/** Iterative Tarjan over the nodes Kahn left, then one shortest cycle per strongly connected component. */
function findCycles(size: number, edges: Edges, remaining: Uint8Array): number[][] {
  const { groupStart, memberStart, members } = edges;
  const first = (v: number) => memberStart[groupStart[v]!]!;
  const end = (v: number) => memberStart[groupStart[v + 1]!]!;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const cursor = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const component = new Int32Array(size).fill(-1);
  const stack: number[] = [];
  const calls: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;
  const enter = (v: number) => {
    index[v] = low[v] = counter++;
    cursor[v] = first(v);
    stack.push(v);
    onStack[v] = 1;
    calls.push(v);
  };
  for (let root = 0; root < size; root++) {
    if (remaining[root] === 0 || index[root] !== -1) continue;
    enter(root);
    while (calls.length > 0) {
      const v = calls[calls.length - 1]!;
      if (cursor[v]! < end(v)) {
        const w = members[cursor[v]!++]!;
        if (remaining[w] === 0) continue;
        if (index[w] === -1) enter(w);
        else if (onStack[w] === 1) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      calls.pop();
      const caller = calls[calls.length - 1];
      if (caller !== undefined) low[caller] = Math.min(low[caller]!, low[v]!);
      if (low[v] !== index[v]) continue;
      let smallest = v;
      for (let w = -1; w !== v;) {
        w = stack.pop()!;
        onStack[w] = 0;
        component[w] = v;
        smallest = Math.min(smallest, w);
      }
      const cycle = shortestCycleThrough(smallest, edges, component);
      if (cycle !== null) cycles.push(cycle);
    }
  }
  return cycles;
}

/** Breadth-first from `start` inside its component, back to `start`; null for a lone node without a self-loop. */
function shortestCycleThrough(start: number, edges: Edges, component: Int32Array): number[] | null {
  const { groupStart, memberStart, members } = edges;
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (let e = memberStart[groupStart[v]!]!; e < memberStart[groupStart[v + 1]!]!; e++) {
      const w = members[e]!;
      if (component[w] !== component[start]) continue;
      if (w === start) {
        const cycle: number[] = [];
        for (let u = v; u !== -1; u = parent.get(u)!) cycle.push(u);
        return cycle.reverse();
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return null;
}

function listOrder(nodes: readonly GraphNodeInput[]): number[] {
  const byId = (a: number, b: number) => {
    const x = nodes[a]!.id;
    const y = nodes[b]!.id;
    return x < y ? -1 : x > y ? 1 : a - b;
  };
  const services: number[] = [];
  const assets: number[] = [];
  nodes.forEach((node, v) => (node.kind === 'service' ? services : assets).push(v));
  services.sort((a, b) => (nodes[b]!.population ?? 0) - (nodes[a]!.population ?? 0) || byId(a, b));
  return [...services, ...assets.sort(byId)];
}

const SHOWN_PROBLEMS = 5;

function describeProblems(problems: readonly GraphProblem[]): string {
  const name = (r: DependencyRef) => `${r.kind} "${r.id}"`;
  const describe = (p: GraphProblem): string => {
    switch (p.type) {
      case 'duplicate':
        return `duplicate ${name(p)}`;
      case 'unknown_member':
        return `${name(p)} depends on unknown ${name(p.member)}`;
      case 'invalid_need':
        return `${name(p)} dependency group ${p.group + 1} needs ${p.need} of its ${p.members} members`;
      case 'cycle':
        return `dependency cycle: ${[...p.cycle, p.cycle[0]!].map(name).join(' → ')}`;
    }
  };
  if (problems.length === 1) return describe(problems[0]!);
  const shown = problems.slice(0, SHOWN_PROBLEMS).map(describe).join('; ');
  const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
  return `${problems.length} problems in the city graph: ${shown}${more}`;
}
