import type { Asset, Service } from '@citysoc/core';
import { useMemo } from 'react';
import { fetchImpactNow, listAssets, listServices } from '../../api/city.ts';
import type { ImpactAnswer } from '../../api/city-schemas.ts';
import type { ApiError } from '../../api/client.ts';
import { useLive } from '../../hooks/use-live.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { buildCityModel, type CityModel, type NodeKey, type NodeState, statesFromImpact } from './city-model.ts';

/** Assets go silent and come back on their own: the picture of "now" follows within half a minute. */
export const CITY_REFRESH_MS = 30_000;

interface CityAnswer {
  readonly services: readonly Service[];
  readonly assets: readonly Asset[];
  readonly now: ImpactAnswer;
}

/** All three together, so the graph never colours one inventory with another moment's states. */
function loadCity(): Promise<CityAnswer> {
  return Promise.all([listServices(), listAssets(), fetchImpactNow()]).then(([services, assets, now]) => ({
    services,
    assets,
    now,
  }));
}

export interface CityData {
  readonly services: readonly Service[];
  readonly assets: readonly Asset[];
  readonly servicesById: ReadonlyMap<string, Service>;
  readonly assetsById: ReadonlyMap<string, Asset>;
  readonly now: ImpactAnswer | undefined;
  readonly model: CityModel;
  /** Each node's state now; nodes not in the map are ok. */
  readonly states: ReadonlyMap<NodeKey, NodeState>;
  readonly loading: boolean;
  readonly error: ApiError | undefined;
  /** Fetches again now, e.g. after an asset was isolated. */
  readonly reload: () => void;
}

const NONE: readonly never[] = [];

/** The caller's part of the city: services, assets, what is unavailable now, and the graph built from them. */
export function useCityData(): CityData {
  const city = useApiData(loadCity, CITY_REFRESH_MS);
  // Isolations, silent devices and inventory edits by anyone show up at once, not at the next poll.
  useLive(['inventory'], city.reload);
  const services = city.data?.services ?? NONE;
  const assets = city.data?.assets ?? NONE;
  const now = city.data?.now;
  const model = useMemo(() => buildCityModel(services, assets), [services, assets]);
  const states = useMemo(() => statesFromImpact(now), [now]);
  const servicesById = useMemo(() => new Map(services.map((s) => [s.id, s])), [services]);
  const assetsById = useMemo(() => new Map(assets.map((a) => [a.id, a])), [assets]);
  return {
    services,
    assets,
    servicesById,
    assetsById,
    now,
    model,
    states,
    loading: city.loading,
    error: city.error,
    reload: city.reload,
  };
}
