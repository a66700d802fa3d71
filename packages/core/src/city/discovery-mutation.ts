import { z } from 'zod';
import { AssetDefinition, InventoryId } from './inventory.ts';

/** A discovery connector's name: it owns the assets it reported (`discovered_by`). */
export const ConnectorName = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'must be a lowercase slug');

/**
 * What a discovery connector (a network scanner, a cloud account, an MDM, a CMDB export) reports, in the
 * provider style of Backstage's catalog: `full` is everything it sees now (assets it reported before and no
 * longer sees are removed), `delta` is what was added or changed and what disappeared.
 */
export const DiscoveryMutation = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('full'), assets: z.array(AssetDefinition).max(100_000) }),
  z.strictObject({
    type: z.literal('delta'),
    added: z.array(AssetDefinition).max(100_000).default([]),
    removed: z.array(InventoryId).max(100_000).default([]),
  }),
]);
export type DiscoveryMutation = z.infer<typeof DiscoveryMutation>;

export interface DiscoveryPlan {
  upsert: AssetDefinition[];
  remove: string[];
  /** Assets the connector named but may not change: kept by hand, or owned by another connector. */
  refused: { id: string; reason: string }[];
}

/**
 * Turns a mutation into changes, given who owns each existing asset (`null`: kept by hand). A connector only
 * ever changes or removes its own assets, so two connectors, or a connector and an administrator, cannot undo
 * each other's work; what it may not touch is refused by name rather than silently skipped.
 */
export function planDiscovery(
  connector: string,
  mutation: DiscoveryMutation,
  owners: ReadonlyMap<string, string | null>,
): DiscoveryPlan {
  const plan: DiscoveryPlan = { upsert: [], remove: [], refused: [] };
  const incoming = mutation.type === 'full' ? mutation.assets : mutation.added;
  const mayChange = (id: string) => {
    if (!owners.has(id)) return true;
    const owner = owners.get(id);
    if (owner === connector) return true;
    plan.refused.push({
      id,
      reason: owner === null ? 'kept by hand in the inventory' : `managed by connector '${owner}'`,
    });
    return false;
  };
  for (const asset of incoming) if (mayChange(asset.id)) plan.upsert.push({ ...asset, discovered_by: connector });
  if (mutation.type === 'full') {
    const seen = new Set(incoming.map((a) => a.id));
    for (const [id, owner] of owners) if (owner === connector && !seen.has(id)) plan.remove.push(id);
  } else {
    for (const id of mutation.removed) if (owners.has(id) && mayChange(id)) plan.remove.push(id);
  }
  return plan;
}
