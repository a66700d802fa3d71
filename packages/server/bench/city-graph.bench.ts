/**
 * Cascade-impact figures for `npm run bench`: a generated 100k-node city (2k services over 98k assets), the
 * graph compiled once, then what-ifs timed against the target of 50 ms per what-if. Deterministic
 * (seeded), so runs differ only by the machine. Run alone:
 *   npx tsx -e "import('./packages/server/bench/city-graph.bench.ts').then((m) => m.benchImpact())"
 */
import {
  buildCityGraph,
  computeImpact,
  dependencyMembers,
  type CityGraph,
  type DependencyGroup,
  type GraphNodeInput,
  type ImpactWhatIf,
} from '@citysoc/core';

const TARGET_MS = 50;
const RUNS = 15;
const WARM_UP = 3;

/** mulberry32: a small seeded PRNG, so every run generates the same city. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAYERS = { core: 4, dist: 200, access: 2000, server: 6000, gateway: 10_000, services: 2000 };

/**
 * A city-like graph in layers: core routers ← distribution (half single-homed, half on two cores, need 1) ←
 * access switches ← servers and gateways ← sensors; each service needs 2 of 3 servers and, softly, 5 of 8
 * sensors, and half of them also depend on an earlier service. Services come first in the input, so the
 * topological sort has real work to do.
 */
export function generateCity(nodeCount = 100_000): GraphNodeInput[] {
  const random = prng(20_261_122);
  const pick = (prefix: string, count: number) => `${prefix}-${Math.floor(random() * count)}`;
  const picks = (prefix: string, count: number, n: number) => Array.from({ length: n }, () => pick(prefix, count));
  const sensors = nodeCount - Object.values(LAYERS).reduce((sum, n) => sum + n, 0);
  const nodes: GraphNodeInput[] = [];
  const add = (kind: GraphNodeInput['kind'], id: string, dependsOn: DependencyGroup[], population = 0) =>
    nodes.push({ kind, id, population, dependsOn });
  for (let i = 0; i < LAYERS.services; i++) {
    const groups: DependencyGroup[] = [
      { assets: picks('srv', LAYERS.server, 3), need: 2 },
      { assets: picks('sen', sensors, 8), need: 5, soft: true },
    ];
    if (i >= 20 && random() < 0.5) groups.push({ service: pick('svc', i) });
    add('service', `svc-${i}`, groups, 100 + Math.floor(random() * 5000));
  }
  for (let i = 0; i < LAYERS.core; i++) add('asset', `core-${i}`, []);
  for (let i = 0; i < LAYERS.dist; i++) {
    const cores = i % 2 === 0 ? [`core-${i % 4}`] : [`core-${i % 4}`, `core-${(i + 1) % 4}`];
    add('asset', `dist-${i}`, [{ assets: cores, need: 1 }]);
  }
  for (let i = 0; i < LAYERS.access; i++) add('asset', `acc-${i}`, [{ asset: `dist-${i % LAYERS.dist}` }]);
  for (let i = 0; i < LAYERS.server; i++) add('asset', `srv-${i}`, [{ asset: pick('acc', LAYERS.access) }]);
  for (let i = 0; i < LAYERS.gateway; i++) add('asset', `gw-${i}`, [{ asset: pick('acc', LAYERS.access) }]);
  for (let i = 0; i < sensors; i++) add('asset', `sen-${i}`, [{ asset: `gw-${i % LAYERS.gateway}` }]);
  return nodes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(graph: CityGraph, whatIf: ImpactWhatIf) {
  const times: number[] = [];
  let result = computeImpact(graph, whatIf);
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const started = performance.now();
    result = computeImpact(graph, whatIf);
    if (run >= WARM_UP) times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

/** Prints build time and the median time per what-if, with the ratio to the 50 ms target. */
export async function benchImpact(): Promise<void> {
  const nodes = generateCity();
  const edges = nodes.reduce((sum, n) => sum + n.dependsOn.flatMap(dependencyMembers).length, 0);
  const started = performance.now();
  const graph = buildCityGraph(nodes);
  const buildMs = performance.now() - started;
  // The city now: 1% of sensors silent and a few gateways offline.
  const silent = new Set<string>();
  for (let i = 0; i < nodes.length; i += 100) if (nodes[i]!.id.startsWith('sen-')) silent.add(nodes[i]!.id);
  for (const id of ['gw-17', 'gw-4242', 'gw-9001']) silent.add(id);
  const withCore = new Set([...silent, 'core-0']);
  const whatIfs: [string, ImpactWhatIf][] = [
    ['offline core router (core-0)', { action: 'offline', assets: ['core-0'], unavailable: silent }],
    ['isolate one gateway', { action: 'isolate', assets: ['gw-123'], unavailable: silent }],
    ['compromise core router (core-0)', { action: 'compromise', assets: ['core-0'], unavailable: silent }],
    ['restore core router (core-0)', { action: 'restore', assets: ['core-0'], unavailable: withCore }],
    ['the city now (no action)', { action: 'offline', assets: [], unavailable: silent }],
  ];

  console.log(
    `cascade impact: ${nodes.length.toLocaleString('en-US')} nodes (${LAYERS.services} services), ~${edges.toLocaleString('en-US')} dependency edges, ${silent.size} assets already unavailable`,
  );
  console.log(`  buildCityGraph (once)               ${buildMs.toFixed(1).padStart(10)} ms`);
  for (const [label, whatIf] of whatIfs) {
    const { ms, result } = time(graph, whatIf);
    const down = result.services.filter((s) => s.state === 'down').length;
    const listed = `${result.services.length} services (${down} down), ${result.assets.length} assets, ${result.population_affected.toLocaleString('en-US')} residents`;
    console.log(
      `  ${label.padEnd(34)} ${ms.toFixed(2).padStart(10)} ms  (${(ms / TARGET_MS).toFixed(2)}× the ${TARGET_MS} ms target; ${listed})`,
    );
  }
}
