import { z } from 'zod';

export const CandidateStatus = z.enum(['new', 'adopted', 'ignored']);
export type CandidateStatus = z.infer<typeof CandidateStatus>;

/**
 * A device id, host name or address that events named but no asset matches: an unmanaged asset until an
 * administrator adopts it into the inventory or ignores it. `events` counts sightings since first seen.
 */
export const AssetCandidate = z.object({
  id: z.string(),
  kind: z.enum(['device', 'host', 'ip']),
  value: z.string(),
  department: z.string().nullable(),
  source: z.string(),
  first_seen: z.string(),
  last_seen: z.string(),
  events: z.number(),
  status: CandidateStatus,
  decided_at: z.string().nullable(),
  decided_by: z.string().nullable(),
  asset_id: z.string().nullable(),
});
export type AssetCandidate = z.infer<typeof AssetCandidate>;
