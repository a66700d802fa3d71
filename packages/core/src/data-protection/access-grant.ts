import { z } from 'zod';
import { DurationSeconds } from '../city/duration.ts';
import { InputError } from '../errors.ts';
import type { DatasetField } from './dataset.ts';

/**
 * Access to a non-public dataset: a request (who, which fields, why, for how long), the owner's decision with a
 * reason, and the time-limited, revocable grant an approval creates. Systems ask for a decision per
 * (subject, dataset, purpose); `decideAccess` is that decision over the subject's grants.
 */

/** The longest access one approval may give: a year. Longer needs a new request, so access is re-examined. */
export const MAX_GRANT_SECONDS = 366 * 86_400;

/** Who gets access: a username, or a system/service id ("billing-app", "svc:water-portal"). */
export const AccessSubject = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/, 'must be 1-200 letters, digits or . _ : @ / -, no spaces');

export const AccessPurpose = z.string().trim().min(3).max(500);

export const AccessRequestInput = z.strictObject({
  subject: AccessSubject,
  fields: z.array(z.string().trim().min(1).max(128)).max(500).default([]),
  purpose: AccessPurpose,
  duration: DurationSeconds.refine((s) => s <= MAX_GRANT_SECONDS, 'at most 366 days'),
});
export type AccessRequestInput = z.input<typeof AccessRequestInput>;

/**
 * The owner's decision. `fields` lists what is approved (a subset of the request); when omitted, the requested
 * ordinary fields are approved and personal fields are not: personal and special-category fields are granted
 * only when the approver names them.
 */
export const AccessDecisionInput = z.strictObject({
  decision: z.enum(['approve', 'deny']),
  reason: z.string().trim().min(3).max(2000),
  fields: z.array(z.string().trim().min(1).max(128)).max(500).optional(),
});
export type AccessDecisionInput = z.input<typeof AccessDecisionInput>;

export const AccessRequestStatus = z.enum(['pending', 'approved', 'denied']);
export type AccessRequestStatus = z.infer<typeof AccessRequestStatus>;

export const AccessRequestView = z.object({
  id: z.string(),
  dataset: z.string(),
  dataset_name: z.string(),
  department: z.string(),
  subject: z.string(),
  fields: z.array(z.string()),
  /** The requested fields that are personal data: the owner must approve each by name. */
  personal_fields: z.array(z.string()),
  purpose: z.string(),
  duration_seconds: z.number(),
  requested_by: z.string(),
  requested_at: z.string(),
  status: AccessRequestStatus,
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  reason: z.string().nullable(),
  grant: z.string().nullable(),
});
export type AccessRequestView = z.infer<typeof AccessRequestView>;

export const GrantView = z.object({
  id: z.string(),
  request: z.string(),
  dataset: z.string(),
  dataset_name: z.string(),
  department: z.string(),
  /** The dataset's owner (user id): who, besides administrators, may revoke. */
  owner_id: z.string(),
  subject: z.string(),
  purpose: z.string(),
  fields: z.array(z.string()),
  granted_by: z.string(),
  granted_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
  revoked_by: z.string().nullable(),
  revoke_reason: z.string().nullable(),
  /** active, expired or revoked, at the time of the answer. */
  state: z.enum(['active', 'expired', 'revoked']),
});
export type GrantView = z.infer<typeof GrantView>;

export const GrantRevocation = z.strictObject({ reason: z.string().trim().min(3).max(2000) });

/** The decision API's answer: `allow`, `grant` and `reason` are the contract; the rest is extra. */
export const PrivacyDecision = z.object({
  allow: z.boolean(),
  grant: z.string().nullable(),
  reason: z.string(),
  fields: z.array(z.string()).optional(),
  expires_at: z.string().optional(),
});
export type PrivacyDecision = z.infer<typeof PrivacyDecision>;

/**
 * The purpose as compared: case, accents of spacing and punctuation do not make a different purpose
 * ("Billing  reconciliation." = "billing reconciliation"), words do.
 */
export function normalisePurpose(purpose: string): string {
  return purpose
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The personal (and special-category) fields among `names`, in the dataset's order. */
export function personalFieldsOf(fields: readonly DatasetField[], names: readonly string[]): string[] {
  const wanted = new Set(names);
  return fields.filter((f) => f.personal && wanted.has(f.name)).map((f) => f.name);
}

/**
 * Checks a request's fields against the dataset: each must exist. A dataset that declares no fields is
 * requested as a whole (no fields); one that does is requested field by field (at least one).
 */
export function checkRequestedFields(fields: readonly DatasetField[], requested: readonly string[]): string[] {
  const unique = [...new Set(requested)];
  if (fields.length === 0) {
    if (unique.length > 0) throw new InputError('This dataset declares no fields: request it without fields');
    return [];
  }
  if (unique.length === 0) throw new InputError('Name the fields you need');
  const known = new Set(fields.map((f) => f.name));
  const unknown = unique.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new InputError(`Unknown fields: ${unknown.join(', ')}`);
  return unique;
}

/**
 * The fields an approval grants. Without an explicit list: the requested ordinary fields only. With one: exactly
 * those, each of which must have been requested. An approval that would grant nothing of a dataset with
 * fields is refused, so "approved" never means "approved for nothing".
 */
export function fieldsToGrant(
  fields: readonly DatasetField[],
  requested: readonly string[],
  approved: readonly string[] | undefined,
): string[] {
  if (fields.length === 0) return [];
  const personal = new Set(fields.filter((f) => f.personal).map((f) => f.name));
  let granted: string[];
  if (approved === undefined) granted = requested.filter((name) => !personal.has(name));
  else {
    const asked = new Set(requested);
    const extra = approved.filter((name) => !asked.has(name));
    if (extra.length > 0) throw new InputError(`Fields not requested cannot be approved: ${extra.join(', ')}`);
    granted = [...new Set(approved)];
  }
  if (granted.length === 0) {
    throw new InputError(
      personal.size > 0
        ? 'Nothing to grant: personal fields are approved only when named in fields'
        : 'Nothing to grant: approve at least one field',
    );
  }
  return granted;
}

/** A grant as the decision needs it. */
export interface GrantForDecision {
  readonly id: string;
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly expires_at: string;
  readonly revoked_at: string | null;
}

/**
 * The decision over one subject's grants on one dataset. Allowed when a grant is unrevoked, unexpired, for the
 * same (normalised) purpose and covers the asked fields (when fields are asked). Otherwise the reason says
 * the nearest miss, so a system's operator can tell "expired" from "never granted".
 */
export function decideAccess(
  grants: readonly GrantForDecision[],
  ask: { purpose: string; fields?: readonly string[] },
  at: string,
): PrivacyDecision {
  const purpose = normalisePurpose(ask.purpose);
  const samePurpose = grants.filter((g) => normalisePurpose(g.purpose) === purpose);
  const live = samePurpose.filter((g) => g.revoked_at === null && g.expires_at > at);
  const asked = ask.fields ?? [];
  const covering = live.filter((g) => asked.every((f) => g.fields.includes(f)));
  // The grant that lasts longest, so a caller caching the answer caches the best one.
  const best = covering.sort((a, b) => b.expires_at.localeCompare(a.expires_at))[0];
  if (best) {
    return {
      allow: true,
      grant: best.id,
      reason: `granted for this purpose until ${best.expires_at}`,
      fields: [...best.fields],
      expires_at: best.expires_at,
    };
  }
  if (grants.length === 0) return { allow: false, grant: null, reason: 'no access granted to this subject' };
  if (samePurpose.length === 0) return { allow: false, grant: null, reason: 'no grant for this purpose' };
  if (live.length > 0) {
    const missing = asked.filter((f) => !live.some((g) => g.fields.includes(f)));
    const reason =
      missing.length > 0 ? `fields not granted: ${missing.join(', ')}` : 'no single grant covers all these fields';
    return { allow: false, grant: null, reason };
  }
  const revoked = samePurpose.find((g) => g.revoked_at !== null);
  if (revoked && samePurpose.every((g) => g.revoked_at !== null))
    return { allow: false, grant: null, reason: `grant ${revoked.id} was revoked` };
  return { allow: false, grant: null, reason: 'the grant for this purpose has expired' };
}
