import {
  type Asset,
  buildCityGraph,
  buildEnrichmentIndex,
  type CityGraph,
  type EnrichmentIndex,
  type Service,
  MAX_SERVICE_IDS_PER_EVENT,
  supportedServicesOfAssets,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { listAssets, listServices } from './inventory.repository.ts';

/**
 * The whole city's inventory in memory, compiled: the dependency graph for impact what-ifs and the lookups
 * that enrich events. City-wide on purpose (dependencies cross departments); every answer built from it is
 * filtered to the caller's departments by the code that serves it.
 */
export interface CityModel {
  readonly services: ReadonlyMap<string, Service>;
  readonly assets: ReadonlyMap<string, Asset>;
  readonly graph: CityGraph;
  /** Assets that count as missing now: isolated, offline or silent. */
  readonly unavailable: ReadonlySet<string>;
}

export interface CityModelCache {
  /** The current model, rebuilt after any inventory change (at most one rebuild at a time). */
  current(): Promise<CityModel>;
  /** Called with each new model, e.g. to push enrichment lookups to the ingest threads. */
  onRebuilt(listener: (model: CityModel) => void): () => void;
  close(): void;
}

export function buildCityModel(services: readonly Service[], assets: readonly Asset[]): CityModel {
  const graph = buildCityGraph([
    ...services.map((s) => ({ kind: 'service' as const, id: s.id, population: s.population, dependsOn: s.depends_on })),
    ...assets.map((a) => ({ kind: 'asset' as const, id: a.id, dependsOn: a.depends_on })),
  ]);
  return {
    services: new Map(services.map((s) => [s.id, s])),
    assets: new Map(assets.map((a) => [a.id, a])),
    graph,
    unavailable: new Set(assets.filter((a) => a.status !== 'operational').map((a) => a.id)),
  };
}

export function createCityModelCache(deps: { store: Store; bus: Bus; log: Logger }): CityModelCache {
  const { store, bus, log } = deps;
  let model: Promise<CityModel> | null = null;
  let generation = 0;
  const listeners = new Set<(model: CityModel) => void>();

  function rebuild(): Promise<CityModel> {
    const mine = ++generation;
    const building = Promise.all([
      listServices(store.db, SYSTEM_PRINCIPAL.departments),
      listAssets(store.db, SYSTEM_PRINCIPAL.departments),
    ]).then(([services, assets]) => {
      const built = buildCityModel(services, assets);
      // A change that arrived while this one was building has started a newer rebuild: only the newest speaks.
      if (mine === generation) for (const listener of listeners) listener(built);
      return built;
    });
    building.catch((error: unknown) => {
      log.error({ err: error }, 'could not build the city model');
      if (mine === generation) model = null;
    });
    return building;
  }

  const unsubscribe = bus.subscribe('inventory.changed', () => {
    model = rebuild();
  });

  return {
    current: () => (model ??= rebuild()),
    onRebuilt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: unsubscribe,
  };
}

/** The asset lookups ingest enriches events with, from a model. */
export function enrichmentIndexOf(model: CityModel): EnrichmentIndex {
  const services = supportedServicesOfAssets(model.graph, MAX_SERVICE_IDS_PER_EVENT);
  return buildEnrichmentIndex(model.assets.values(), (id) => services.get(id) ?? []);
}
