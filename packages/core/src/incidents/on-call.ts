import { z } from 'zod';

const Id = z.string().min(1).max(128);
const Person = z.object({ id: z.string(), username: z.string() });

/**
 * An on-call rotation: the members in the order they take turns, each for `shiftHours`, the first turn starting
 * at `startsAt`. After the last member the first comes again.
 */
export interface Rotation {
  readonly userIds: readonly string[];
  readonly startsAt: string;
  readonly shiftHours: number;
}

/**
 * Who is on call at `now`, and until when. Before the rotation starts the first member is on call (someone
 * must be); an empty rotation has nobody. Pure, so the queue, the notifier and the tests agree.
 */
export function currentOnCall(rotation: Rotation, now: Date): { userId: string; until: string } | null {
  const n = rotation.userIds.length;
  if (n === 0) return null;
  const shiftMs = rotation.shiftHours * 3_600_000;
  const start = Date.parse(rotation.startsAt);
  const elapsed = now.getTime() - start;
  if (!Number.isFinite(elapsed) || shiftMs <= 0 || elapsed < 0) {
    return { userId: rotation.userIds[0]!, until: new Date(start + shiftMs).toISOString() };
  }
  const turn = Math.floor(elapsed / shiftMs);
  return { userId: rotation.userIds[turn % n]!, until: new Date(start + (turn + 1) * shiftMs).toISOString() };
}

export const TeamRotation = z.object({
  members: z.array(Person),
  startsAt: z.string(),
  shiftHours: z.number(),
});
export type TeamRotation = z.infer<typeof TeamRotation>;

export const TeamRotationInput = z.strictObject({
  userIds: z.array(Id).max(100),
  startsAt: z.iso.datetime({ offset: true }),
  /** One turn: 1 hour to 4 weeks; a week is the usual. */
  shiftHours: z.number().int().min(1).max(672).default(168),
});
export type TeamRotationInput = z.input<typeof TeamRotationInput>;

export const UpdateTeam = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().max(2000).optional(),
    memberIds: z.array(Id).max(200).optional(),
    /** The member who hears about SLA breaches; must be a member. */
    leadId: Id.nullable().optional(),
    /** Replaces the rotation; members of it must be team members. Null removes it. */
    rotation: TeamRotationInput.nullable().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, 'Nothing to change');
export type UpdateTeam = z.input<typeof UpdateTeam>;
