import { z } from 'zod';

/** One entry of the hash-chained audit log. `hash` = SHA-256(prevHash, canonical JSON of the other fields). */
export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actorKind: z.enum(['user', 'token', 'system']),
  actorId: z.string(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  departmentId: z.string().nullable(),
  beforeDigest: z.string().nullable(),
  afterDigest: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Result of walking the chain: ok, or the first entry at which it breaks and why. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int().nonnegative(),
  headSeq: z.number().int().nonnegative(),
  firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
