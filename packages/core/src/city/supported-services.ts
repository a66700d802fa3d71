import { type CityGraph, SERVICE_NODE } from './city-graph.ts';

/**
 * For every asset at once, the services it supports (directly or transitively), the `cap` with most residents
 * first: what enrichment stamps on events. One pass over the graph, owners before members (reverse topological
 * order), merging each node's capped list from its dependents' lists. Capping is exact, not an approximation:
 * the top `cap` of a union is always within the union of each part's top `cap`. Asking servicesSupportedBy
 * per asset instead costs a graph walk per asset (seconds at 100k assets).
 */
export function supportedServicesOfAssets(graph: CityGraph, cap: number): Map<string, string[]> {
  const { topoOrder, dependentStart, dependents, kind, listRank, byListRank, ids } = graph;
  // Per node: list ranks of the services above it, ascending (listRank orders services by residents, then id).
  const above: (Int32Array | null)[] = new Array<Int32Array | null>(graph.size).fill(null);
  const result = new Map<string, string[]>();
  const scratch: number[] = [];
  for (let i = topoOrder.length - 1; i >= 0; i--) {
    const v = topoOrder[i] as number;
    scratch.length = 0;
    for (let e = dependentStart[v] as number; e < (dependentStart[v + 1] as number); e++) {
      const owner = dependents[e] as number;
      if (kind[owner] === SERVICE_NODE) scratch.push(listRank[owner] as number);
      const ranks = above[owner];
      if (ranks) for (const rank of ranks) scratch.push(rank);
    }
    if (scratch.length > 0) {
      scratch.sort((a, b) => a - b);
      const merged: number[] = [];
      for (const rank of scratch) {
        if (merged.length === cap) break;
        if (merged[merged.length - 1] !== rank) merged.push(rank);
      }
      above[v] = Int32Array.from(merged);
    }
    if (kind[v] !== SERVICE_NODE) {
      const ranks = above[v];
      result.set(ids[v] as string, ranks ? Array.from(ranks, (rank) => ids[byListRank[rank] as number] as string) : []);
    }
  }
  return result;
}
