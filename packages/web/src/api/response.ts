import { Asset, ImpactAnswer } from '@citysoc/core';
import { z } from 'zod';
import { request } from './client.ts';

/** A response action waiting for, or decided by, a second person (server: features/response). */
export const ResponseApproval = z.object({
  id: z.string(),
  action: z.string(),
  asset_id: z.string(),
  department: z.string(),
  target_status: z.string(),
  reason: z.string(),
  stance_level: z.number(),
  impact: ImpactAnswer,
  requested_by: z.string(),
  requested_at: z.string(),
  state: z.enum(['pending', 'approved', 'denied', 'expired', 'withdrawn']),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  decision_reason: z.string().nullable(),
});
export type ResponseApproval = z.infer<typeof ResponseApproval>;

/** What asking for a status change did: applied at once, or waiting for a second person's approval. */
export type StatusChangeOutcome =
  | { readonly kind: 'applied'; readonly asset: Asset }
  | { readonly kind: 'pending'; readonly approval: ResponseApproval };

const Pending = z.object({ approval: ResponseApproval });

export function parseStatusChange(json: unknown): StatusChangeOutcome {
  const pending = Pending.safeParse(json);
  return pending.success
    ? { kind: 'pending', approval: pending.data.approval }
    : { kind: 'applied', asset: Asset.parse(json) };
}

export function listApprovals(state?: ResponseApproval['state']): Promise<ResponseApproval[]> {
  const query = state === undefined ? '' : `?state=${state}`;
  return request('GET', `/api/response/approvals${query}`, (json) => ResponseApproval.array().parse(json));
}

/** Approves (the server then applies the change) or denies; never one's own request. */
export function decideApproval(id: string, approve: boolean, reason: string): Promise<ResponseApproval> {
  return request(
    'POST',
    `/api/response/approvals/${encodeURIComponent(id)}/decision`,
    (json) => ResponseApproval.parse(json),
    { approve, reason },
  );
}
