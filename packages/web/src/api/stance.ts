import { StanceView, type StanceOverrideRequest } from '@citysoc/core';
import { z } from 'zod';
import { request } from './client.ts';

/**
 * The security stance endpoints. The view schema is core's, the one the server answers with; the wrapper of
 * `GET /api/stance` is small enough to state here.
 */

/** The city's stance (null before the first evaluation) and the stances of the departments the caller may see. */
export const StanceOverview = z.object({ city: StanceView.nullable(), departments: z.array(StanceView) });
export type StanceOverview = z.infer<typeof StanceOverview>;

/** Whose stance to change: the whole city, or one department by id. */
export type StanceScopeKey = 'city' | (string & {});

const scopePath = (scope: StanceScopeKey): string => `/api/stance/${encodeURIComponent(scope)}/override`;

export function fetchStance(): Promise<StanceOverview> {
  return request('GET', '/api/stance', (json) => StanceOverview.parse(json));
}

/** Overrides the level until a time (at most 30 days ahead) with a justification; needs stance.override. */
export function setStanceOverride(scope: StanceScopeKey, override: StanceOverrideRequest): Promise<StanceView> {
  return request('PUT', scopePath(scope), (json) => StanceView.parse(json), override);
}

/** Returns the scope to the level its signals call for; needs stance.override. */
export function clearStanceOverride(scope: StanceScopeKey): Promise<StanceView> {
  return request('DELETE', scopePath(scope), (json) => StanceView.parse(json));
}
