import { z } from 'zod';
import { InventoryId } from './inventory.ts';

/**
 * What-if actions on assets. `offline` and `isolate` make assets unavailable, `restore` makes them available,
 * `compromise` leaves them running but puts everything that depends on them at risk.
 */
export const ImpactAction = z.enum(['offline', 'isolate', 'compromise', 'restore']);
export type ImpactAction = z.infer<typeof ImpactAction>;

export const ImpactState = z.enum(['down', 'degraded', 'at_risk']);
export type ImpactState = z.infer<typeof ImpactState>;

/** An asset's state in an impact answer; `compromised` marks the assets the compromise action named. */
export const ImpactAssetState = z.enum(['down', 'degraded', 'at_risk', 'compromised']);
export type ImpactAssetState = z.infer<typeof ImpactAssetState>;

export const ImpactRequest = z.strictObject({
  asset: z.union([InventoryId, z.array(InventoryId).min(1).max(10_000)]).transform((v) => (Array.isArray(v) ? v : [v])),
  action: ImpactAction,
});
export type ImpactRequest = z.infer<typeof ImpactRequest>;

/**
 * The contract of `citysoc impact --json` and `GET /api/impact`. `path` runs from an asset that caused the
 * state (acted upon, or already unavailable) to the service, through the dependencies that carried it.
 */
export const ImpactResult = z.object({
  services: z.array(
    z.object({
      id: z.string(),
      state: ImpactState,
      population: z.number(),
      path: z.array(z.string()),
    }),
  ),
  assets: z.array(z.object({ id: z.string(), state: ImpactAssetState })),
  population_affected: z.number(),
});
export type ImpactResult = z.infer<typeof ImpactResult>;
