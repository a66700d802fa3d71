/**
 * Enrichment figures for `npm run bench`: the asset lookups built from the generated 100k-node city of
 * city-graph.bench.ts (every asset with a host name, an address and, for sensors, a device id), then the
 * cost per event of finding its asset, against the target of < 1 µs per event.
 */
import {
  Asset,
  buildCityGraph,
  buildEnrichmentIndex,
  enrichmentFor,
  MAX_SERVICE_IDS_PER_EVENT,
  supportedServicesOfAssets,
} from '@citysoc/core';
import { generateCity } from './city-graph.bench.ts';

const TARGET_US = 1;

export async function benchEnrichment(): Promise<void> {
  const nodes = generateCity();
  const graph = buildCityGraph(nodes);
  const assets = nodes
    .filter((n) => n.kind === 'asset')
    .map((n, i) =>
      Asset.parse({
        id: n.id,
        name: n.id,
        type: n.id.startsWith('sen') ? 'sensor' : 'server',
        department: `dept-${i % 8}`,
        hostnames: [`${n.id}.city.example`],
        ip: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
        device_ids: n.id.startsWith('sen') ? [`DEV-${i}`] : [],
        depends_on: n.dependsOn,
        status: 'operational',
        status_changed_at: null,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      }),
    );
  let started = performance.now();
  const services = supportedServicesOfAssets(graph, MAX_SERVICE_IDS_PER_EVENT);
  const index = buildEnrichmentIndex(assets, (id) => services.get(id) ?? []);
  const buildMs = performance.now() - started;

  // A mix like real traffic: devices by id, hosts by name, firewall lines by peer address, and unknowns. In the
  // pipeline the event was just built by the normaliser (hot in cache, its strings not yet hashed), so the cost
  // is measured as (build + enrich) − (build only) over the same fresh events, and also over cold events.
  const build = (i: number): Record<string, unknown> => {
    const asset = assets[(i * 7919) % assets.length] as Asset;
    switch (i % 4) {
      case 0:
        return { device: { id: `${asset.device_ids[0] ?? asset.id}` } };
      case 1:
        return { host: { name: `${asset.id}` } };
      case 2:
        return { source: { ip: '198.51.100.7' }, destination: { ip: `${asset.ip[0]}` } };
      default:
        return { host: { name: `unknown-${i}` } };
    }
  };
  const N = 200_000;
  let matched = 0;
  const time = (enrich: boolean) => {
    matched = 0;
    const begun = performance.now();
    for (let i = 0; i < N; i++) {
      const event = build(i);
      if (enrich && enrichmentFor(index, event, null).context) matched += 1;
    }
    return ((performance.now() - begun) * 1000) / N;
  };
  time(true);
  time(false);
  const hot = Math.min(time(true), time(true)) - Math.min(time(false), time(false));
  time(true);
  const events = Array.from({ length: N }, (_, i) => build(i));
  started = performance.now();
  for (const event of events) enrichmentFor(index, event, null);
  const cold = ((performance.now() - started) * 1000) / N;
  console.log(`enrichment: ${assets.length.toLocaleString('en-US')} assets, lookups built in ${buildMs.toFixed(0)} ms`);
  console.log(
    `  asset lookup, fresh event (pipeline) ${hot.toFixed(3).padStart(9)} µs  (${matched} of ${N} matched; target < ${TARGET_US} µs: ${(hot / TARGET_US).toFixed(2)}×)`,
  );
  console.log(`  asset lookup, cold event in memory  ${cold.toFixed(3).padStart(9)} µs`);
}
