import { z } from 'zod';
import { ImpactAssetState, ImpactState } from './impact-result.ts';

/**
 * An impact answer as a caller may see it (`GET /api/impact`, `/api/impact/now`, `citysoc impact --json`): the
 * contract's ImpactResult with names and departments, computed over the whole city, with services and assets of
 * departments the caller may not see counted in `other_departments`, never named.
 */
export const ImpactAnswer = z.object({
  services: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      department: z.string(),
      state: ImpactState,
      population: z.number(),
      path: z.array(z.string()),
    }),
  ),
  assets: z.array(z.object({ id: z.string(), name: z.string(), department: z.string(), state: ImpactAssetState })),
  population_affected: z.number(),
  other_departments: z.object({ services: z.number(), assets: z.number(), population: z.number() }),
});
export type ImpactAnswer = z.infer<typeof ImpactAnswer>;

const Counted = z.object({ created: z.number(), updated: z.number() });

/** What an inventory import changed, per kind (`POST /api/inventory/import`, `citysoc inventory import`). */
export const ImportSummary = z.object({ departments: Counted, services: Counted, assets: Counted });
export type ImportSummary = z.infer<typeof ImportSummary>;

/** A service an asset supports (`GET /api/assets/:id/services`). */
export const SupportedService = z.object({ id: z.string(), name: z.string(), department: z.string() });
export type SupportedService = z.infer<typeof SupportedService>;

/** One reason an inventory was refused: where (path, and the line when read from text) and why. */
export const InventoryProblem = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  reason: z.string(),
  line: z.number().optional(),
});
export type InventoryProblem = z.infer<typeof InventoryProblem>;

/** The problems in a refused import's error details, or [] when it carries none. */
export function inventoryProblemsOf(details: unknown): InventoryProblem[] {
  const parsed = z.object({ problems: z.array(InventoryProblem) }).safeParse(details);
  return parsed.success ? parsed.data.problems : [];
}
