import { InputError } from '../errors.ts';
import { SERVICE_NODE, type CityGraph } from './city-graph.ts';
import type { ImpactAction, ImpactAssetState, ImpactResult, ImpactState } from './impact-result.ts';

/**
 * Cascade impact: what happens to services and assets when assets go offline, are isolated, compromised or
 * restored, on top of what is already unavailable in the city.
 *
 * Semantics (the contract, read literally):
 * - A dependency group fails when fewer than `need` members are available, and is degraded when some are
 *   missing but at least `need` remain. A member that is down counts as missing.
 * - A node is down when a hard group fails, degraded when a group is degraded, a soft group fails, or a member
 *   *service* is degraded. A degraded *asset* member does not degrade its dependants: an asset running with
 *   reduced redundancy still serves them, while a degraded service is reduced service for whoever uses it.
 * - An asset that is itself unavailable is down, whatever its own dependencies.
 * - `compromise` puts every node that depends on the named assets, directly or transitively, at risk, through
 *   any kind of node or group; down and degraded take precedence. The named assets are listed as
 *   `compromised`; they keep running, unless they already were unavailable (then their dependants go down).
 */

/** One what-if: `unavailable` is the city now (silent, isolated and offline asset ids). */
export interface ImpactWhatIf {
  action: ImpactAction;
  assets: readonly string[];
  /** Ids the graph does not know are ignored: such an asset has no dependants in the graph. */
  unavailable?: ReadonlySet<string>;
}

const OK = 0;
const DEGRADED = 1;
const DOWN = 2;

/** States by severity, most severe first: the position is the sort rank used in `report`. */
const SERVICE_STATES = ['down', 'degraded', 'at_risk'] as const satisfies readonly ImpactState[];
const ASSET_STATES = ['down', 'degraded', 'at_risk', 'compromised'] as const satisfies readonly ImpactAssetState[];
const AT_RISK = 2;
const COMPROMISED = 3;

/** Per node, set by the action: 1 = unavailable (`down`), and separately 1 = compromised. */
interface Marks {
  unavailable: Uint8Array;
  compromised: Uint8Array;
}

const ACTIONS: Record<ImpactAction, (marks: Marks, asset: number) => void> = {
  offline: (marks, v) => (marks.unavailable[v] = 1),
  isolate: (marks, v) => (marks.unavailable[v] = 1),
  restore: (marks, v) => (marks.unavailable[v] = 0),
  compromise: (marks, v) => (marks.compromised[v] = 1),
};

/**
 * The impact of one what-if on the city now. Only non-ok nodes are listed; services are sorted by state
 * (down, degraded, at_risk), population desc, id; assets by state (down, degraded, at_risk, compromised), id.
 * Each service's `path` runs from a causing asset (acted upon or already unavailable; for at_risk, a
 * compromised asset) to the service along dependency edges, and is a shortest such path. Population affected
 * sums down and degraded services, each once. Throws InputError naming the request's asset ids the graph does
 * not know. Cost: the nodes reachable from the named and unavailable assets, not the whole graph.
 */
export function computeImpact(graph: CityGraph, request: ImpactWhatIf): ImpactResult {
  const named = resolveAssets(graph, request.assets);
  const marks: Marks = { unavailable: new Uint8Array(graph.size), compromised: new Uint8Array(graph.size) };
  const seeds: number[] = [];
  for (const id of request.unavailable ?? []) {
    const v = graph.assetIndex.get(id);
    if (v === undefined) continue;
    marks.unavailable[v] = 1;
    seeds.push(v);
  }
  const apply = ACTIONS[request.action];
  for (const v of named) apply(marks, v);
  // A restored asset causes nothing; if it stays down, it is reachable from whatever takes it down.
  if (request.action !== 'restore') for (const v of named) seeds.push(v);
  const order = affectedInTopologicalOrder(graph, seeds);
  return report(graph, order, evaluate(graph, order, marks), marks.compromised);
}

/** The services `assetId` supports directly or transitively, by population desc then id; [] if unknown. */
export function servicesSupportedBy(graph: CityGraph, assetId: string): string[] {
  const v = graph.assetIndex.get(assetId);
  if (v === undefined) return [];
  const services = [...reachable(graph, [v]).subarray(1)].filter((u) => graph.kind[u] === SERVICE_NODE);
  return services.sort((a, b) => graph.listRank[a]! - graph.listRank[b]!).map((u) => graph.ids[u]!);
}

function resolveAssets(graph: CityGraph, ids: readonly string[]): number[] {
  const unknown = ids.filter((id) => !graph.assetIndex.has(id));
  if (unknown.length > 0) {
    throw new InputError(`unknown asset${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, { unknown });
  }
  return ids.map((id) => graph.assetIndex.get(id)!);
}

/** The seeds and every node depending on them (breadth-first over reverse edges, seeds first, no repeats). */
function reachable(graph: CityGraph, seeds: readonly number[]): Int32Array {
  const { dependentStart, dependents } = graph;
  const seen = new Uint8Array(graph.size);
  const queue = new Int32Array(graph.size);
  let tail = 0;
  for (const v of seeds) {
    if (seen[v] === 1) continue;
    seen[v] = 1;
    queue[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const u = queue[head]!;
    for (let e = dependentStart[u]!; e < dependentStart[u + 1]!; e++) {
      const owner = dependents[e]!;
      if (seen[owner] === 0) {
        seen[owner] = 1;
        queue[tail++] = owner;
      }
    }
  }
  return queue.subarray(0, tail);
}

/**
 * The reachable nodes, members before owners. Sorting their ranks costs r·log r; when r is a large share of
 * the graph, one pass over the precomputed order is cheaper.
 */
function affectedInTopologicalOrder(graph: CityGraph, seeds: readonly number[]): Int32Array {
  const nodes = reachable(graph, seeds);
  if (nodes.length * Math.log2(nodes.length + 1) > graph.size) {
    const included = new Uint8Array(graph.size);
    for (const v of nodes) included[v] = 1;
    return graph.topoOrder.filter((v) => included[v] === 1);
  }
  const ranks = Int32Array.from(nodes, (v) => graph.topoRank[v]!).sort();
  return ranks.map((rank) => graph.topoOrder[rank]!);
}

/**
 * Per node: state (OK, DEGRADED, DOWN) and `cause`, the member that carried it (-1: the node is a cause);
 * `tainted` and `taintCause` likewise for the reach of compromised assets. Members outside `order` are
 * unaffected (OK, untainted), which is what the zero-filled arrays say. Each cause is the candidate closest to
 * a causing asset, so following causes gives a shortest path.
 */
function evaluate(graph: CityGraph, order: Int32Array, marks: Marks) {
  const { kind, groupStart, groupNeed, groupSoft, memberStart, members } = graph;
  const state = new Uint8Array(graph.size);
  const cause = new Int32Array(graph.size).fill(-1);
  const depth = new Int32Array(graph.size);
  const tainted = new Uint8Array(graph.size);
  const taintCause = new Int32Array(graph.size).fill(-1);
  const taintDepth = new Int32Array(graph.size);
  for (const v of order) {
    let result = OK;
    // Closest down member of a failed hard group, and closest member carrying any trouble.
    let downVia = -1;
    let anyVia = -1;
    let taintVia = -1;
    for (let g = groupStart[v]!; g < groupStart[v + 1]!; g++) {
      let missing = 0;
      let failVia = -1;
      for (let e = memberStart[g]!; e < memberStart[g + 1]!; e++) {
        const m = members[e]!;
        const s = state[m]!;
        if (s === DOWN) {
          missing++;
          if (failVia === -1 || depth[m]! < depth[failVia]!) failVia = m;
        } else if (s === DEGRADED && kind[m] === SERVICE_NODE) {
          result = Math.max(result, DEGRADED);
          if (anyVia === -1 || depth[m]! < depth[anyVia]!) anyVia = m;
        }
        if (tainted[m] === 1 && (taintVia === -1 || taintDepth[m]! < taintDepth[taintVia]!)) taintVia = m;
      }
      if (missing === 0) continue;
      const fails = memberStart[g + 1]! - memberStart[g]! - missing < groupNeed[g]!;
      if (fails && groupSoft[g] === 0) {
        result = DOWN;
        if (downVia === -1 || depth[failVia]! < depth[downVia]!) downVia = failVia;
      } else result = Math.max(result, DEGRADED);
      if (anyVia === -1 || depth[failVia]! < depth[anyVia]!) anyVia = failVia;
    }
    if (marks.unavailable[v] === 1) state[v] = DOWN;
    else if (result !== OK) {
      state[v] = result;
      cause[v] = result === DOWN ? downVia : anyVia;
      depth[v] = depth[cause[v]!]! + 1;
    }
    if (marks.compromised[v] === 1) tainted[v] = 1;
    else if (taintVia !== -1) {
      tainted[v] = 1;
      taintCause[v] = taintVia;
      taintDepth[v] = taintDepth[taintVia]! + 1;
    }
  }
  return { state, cause, tainted, taintCause };
}

type Evaluation = ReturnType<typeof evaluate>;

/**
 * Sorting uses the output ranks computed in buildCityGraph: key = state rank · size + list rank, so one
 * numeric sort of a typed array orders a large answer (a compromised core router lists tens of thousands of
 * assets) without comparing strings.
 */
function report(graph: CityGraph, order: Int32Array, evaluation: Evaluation, compromised: Uint8Array): ImpactResult {
  const { size, kind, listRank, byListRank, ids, population } = graph;
  const { state, tainted } = evaluation;
  const serviceKeys = new Int32Array(order.length);
  const assetKeys = new Int32Array(order.length);
  let services = 0;
  let assets = 0;
  for (const v of order) {
    // state DOWN (2) ranks 0, DEGRADED (1) ranks 1.
    let rank = state[v] !== OK ? DOWN - state[v]! : tainted[v] === 1 ? AT_RISK : -1;
    if (kind[v] === SERVICE_NODE) {
      if (rank >= 0) serviceKeys[services++] = rank * size + listRank[v]!;
    } else {
      if (compromised[v] === 1) rank = COMPROMISED;
      if (rank >= 0) assetKeys[assets++] = rank * size + listRank[v]!;
    }
  }
  const result: ImpactResult = { services: [], assets: [], population_affected: 0 };
  for (const key of serviceKeys.subarray(0, services).sort()) {
    const v = byListRank[key % size]!;
    const serviceState = SERVICE_STATES[Math.floor(key / size)]!;
    const via = serviceState === 'at_risk' ? evaluation.taintCause : evaluation.cause;
    result.services.push({ id: ids[v]!, state: serviceState, population: population[v]!, path: pathTo(v, via, ids) });
    if (serviceState !== 'at_risk') result.population_affected += population[v]!;
  }
  for (const key of assetKeys.subarray(0, assets).sort()) {
    result.assets.push({ id: ids[byListRank[key % size]!]!, state: ASSET_STATES[Math.floor(key / size)]! });
  }
  return result;
}

function pathTo(v: number, via: Int32Array, ids: readonly string[]): string[] {
  const path: string[] = [];
  for (let u = v; u !== -1; u = via[u]!) path.push(ids[u]!);
  return path.reverse();
}
