import {
  canSeeDepartment,
  computeImpact,
  type ImpactAnswer,
  type ImpactRequest,
  type ImpactResult,
  NotFoundError,
  type Principal,
  requirePermission,
  servicesSupportedBy,
} from '@citysoc/core';
import type { CityModel, CityModelCache } from './city-model.ts';

export interface ImpactService {
  /** The city after the action, given the assets already unavailable (isolated, offline, silent). */
  whatIf(actor: Principal, request: ImpactRequest): Promise<ImpactAnswer>;
  /** The city as it is now: what the assets already unavailable take down or degrade. */
  now(actor: Principal): Promise<ImpactAnswer>;
  /** The services an asset supports, directly or through other assets and services, that the actor may see. */
  servicesOf(actor: Principal, assetId: string): Promise<{ id: string; name: string; department: string }[]>;
}

export function createImpactService(deps: { city: CityModelCache }): ImpactService {
  const { city } = deps;

  function visible(actor: Principal, model: CityModel, result: ImpactResult): ImpactAnswer {
    const answer: ImpactAnswer = {
      services: [],
      assets: [],
      population_affected: 0,
      other_departments: { services: 0, assets: 0, population: 0 },
    };
    for (const entry of result.services) {
      const service = model.services.get(entry.id);
      if (!service) continue;
      const counted = entry.state === 'at_risk' ? 0 : entry.population;
      if (!canSeeDepartment(actor, service.department)) {
        answer.other_departments.services += 1;
        answer.other_departments.population += counted;
        continue;
      }
      // A path through another department's nodes is shown up to where it leaves the caller's view.
      answer.services.push({
        ...entry,
        path: entry.path.filter((id) => seen(actor, model, id)),
        name: service.name,
        department: service.department,
      });
      answer.population_affected += counted;
    }
    for (const entry of result.assets) {
      const asset = model.assets.get(entry.id);
      if (!asset) continue;
      if (!canSeeDepartment(actor, asset.department)) answer.other_departments.assets += 1;
      else answer.assets.push({ ...entry, name: asset.name, department: asset.department });
    }
    return answer;
  }

  function requireAssets(actor: Principal, model: CityModel, ids: readonly string[]) {
    for (const id of ids) {
      const asset = model.assets.get(id);
      if (!asset || !canSeeDepartment(actor, asset.department)) throw new NotFoundError(`Asset '${id}' not found`);
    }
  }

  return {
    async whatIf(actor, request) {
      requirePermission(actor, 'inventory.read');
      const model = await city.current();
      requireAssets(actor, model, request.asset);
      const result = computeImpact(model.graph, {
        action: request.action,
        assets: request.asset,
        unavailable: model.unavailable,
      });
      return visible(actor, model, result);
    },

    async now(actor) {
      requirePermission(actor, 'inventory.read');
      const model = await city.current();
      return visible(
        actor,
        model,
        computeImpact(model.graph, { action: 'restore', assets: [], unavailable: model.unavailable }),
      );
    },

    async servicesOf(actor, assetId) {
      requirePermission(actor, 'inventory.read');
      const model = await city.current();
      requireAssets(actor, model, [assetId]);
      return servicesSupportedBy(model.graph, assetId).flatMap((id) => {
        const service = model.services.get(id);
        if (!service || !canSeeDepartment(actor, service.department)) return [];
        return [{ id: service.id, name: service.name, department: service.department }];
      });
    },
  };
}

function seen(actor: Principal, model: CityModel, id: string): boolean {
  const node = model.services.get(id) ?? model.assets.get(id);
  return node !== undefined && canSeeDepartment(actor, node.department);
}
