import { z } from 'zod';
import { Role } from '../access.ts';
import { DurationSeconds } from '../city/duration.ts';
import { StanceLevel } from './level.ts';

/**
 * Response actions a policy can put behind an approval. The response feature checks `approval_required_for`
 * against these names, so it uses this enum rather than its own.
 */
export const ResponseAction = z.enum([
  'isolate',
  'block_ip',
  'block_domain',
  'block_url',
  'block_hash',
  'disable_account',
  'reset_credentials',
  'revoke_sessions',
  'quarantine_file',
  'kill_process',
  'stop_service',
  'shutdown_device',
]);
export type ResponseAction = z.infer<typeof ResponseAction>;

/** What a published blocklist holds, so each consumer (firewall, DNS RPZ, proxy, EDR) gets what it can enforce. */
export const BlocklistKind = z.enum(['ip', 'domain', 'url', 'file_hash']);
export type BlocklistKind = z.infer<typeof BlocklistKind>;

const Slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1-63 lowercase letters, digits, "-" or "_"');

/**
 * A rule pack to enable: `folder:<name>`, a rules folder the detection engine loads only while a policy enables
 * it, or `tag:<tag>`, the rules carrying that Sigma tag that are off by default (noisy hunting rules).
 */
export const RulePackSelector = z
  .string()
  .regex(/^(folder|tag):[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/, 'must be folder:<name> or tag:<sigma tag>');

/** A multiplier that can only tighten: 0 < factor ≤ 1 (0.5 halves a threshold or an SLA). */
const TighteningFactor = z.number().gt(0).max(1);

/** One blocklist to publish while the policy applies, with the lowest indicator confidence it takes. */
export const BlocklistPolicy = z.strictObject({
  name: Slug,
  kinds: z.array(BlocklistKind).min(1),
  /** Indicators with a confidence (score.ts, after decay) below this stay off the list. */
  min_confidence: z.number().int().min(0).max(100),
});
export type BlocklistPolicy = z.infer<typeof BlocklistPolicy>;

/**
 * The document of one policy file, `content/stance/<name>.yml`. Keys are snake_case like the other content
 * files; unknown keys are errors, so a typo cannot silently leave a policy unenforced. A policy applies from
 * its `level` upward.
 */
export const StancePolicyDocument = z.strictObject({
  level: StanceLevel,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(4000),
  rule_packs: z.array(RulePackSelector).default([]),
  /** Multiplies correlation thresholds (counts, distinct values, sums): 0.5 fires at half the events. */
  correlation_threshold_factor: TighteningFactor.default(1),
  /** Multiplies incident response SLAs and vulnerability remediation due times. */
  sla_factor: z
    .strictObject({ incidents: TighteningFactor.default(1), remediation: TighteningFactor.default(1) })
    .prefault({}),
  approval_required_for: z.array(ResponseAction).default([]),
  blocklists: z
    .array(BlocklistPolicy)
    .default([])
    .refine((lists) => new Set(lists.map((l) => l.name)).size === lists.length, 'a blocklist is listed twice'),
  /** Roles notified when the stance enters a level where this policy applies. */
  notify: z.array(Role).default([]),
  /**
   * How long the signals must stay below a level where this policy applies before the stance lowers one level
   * ("6h", "1d"); seconds after parsing. Absent: `DEFAULT_COOLING_SECONDS`.
   */
  cooling_period: DurationSeconds.optional(),
});
export type StancePolicyDocument = z.infer<typeof StancePolicyDocument>;

/** A loaded policy: the document plus its id (the file name without extension) and file name. */
export const StancePolicy = StancePolicyDocument.extend({ id: Slug, file: z.string().min(1) });
export type StancePolicy = z.infer<typeof StancePolicy>;

/** Lowering waits this long below a level when no active policy says otherwise. */
export const DEFAULT_COOLING_SECONDS = 6 * 3600;

/** The combination of every policy in force at a level: what the rest of the product enforces. */
export const EffectiveStancePolicy = z.object({
  level: StanceLevel,
  /** The policies combined, lowest level first. */
  policies: z.array(z.object({ id: z.string(), level: StanceLevel, title: z.string() })),
  rule_packs: z.array(z.string()),
  correlation_threshold_factor: z.number(),
  sla_factor: z.object({ incidents: z.number(), remediation: z.number() }),
  approval_required_for: z.array(ResponseAction),
  blocklists: z.array(BlocklistPolicy),
  notify: z.array(Role),
  cooling_period_seconds: z.number().int().positive(),
});
export type EffectiveStancePolicy = z.infer<typeof EffectiveStancePolicy>;

/** The policies in force at a level and their combination. */
export interface ActivePolicies {
  readonly policies: StancePolicy[];
  readonly effective: EffectiveStancePolicy;
}

function byLevelThenId(a: StancePolicy, b: StancePolicy): number {
  return a.level - b.level || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Keeps the enum's order, so the effective list does not depend on file order. */
function inEnumOrder<T extends string>(options: readonly T[], chosen: ReadonlySet<T>): T[] {
  return options.filter((option) => chosen.has(option));
}

/** Blocklists by name: the lowest minimum confidence (publishes more) and every kind any policy asks for. */
function combineBlocklists(policies: readonly StancePolicy[]): BlocklistPolicy[] {
  const byName = new Map<string, { kinds: Set<BlocklistKind>; min_confidence: number }>();
  for (const list of policies.flatMap((p) => p.blocklists)) {
    const seen = byName.get(list.name);
    if (seen === undefined) byName.set(list.name, { kinds: new Set(list.kinds), min_confidence: list.min_confidence });
    else {
      for (const kind of list.kinds) seen.kinds.add(kind);
      seen.min_confidence = Math.min(seen.min_confidence, list.min_confidence);
    }
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, list]) => ({
      name,
      kinds: inEnumOrder(BlocklistKind.options, list.kinds),
      min_confidence: list.min_confidence,
    }));
}

/**
 * The policies in force at `level` (those whose level is ≤ it) and their effective values, the strictest of
 * each: lowest factors, union of rule packs, approvals, roles and blocklists (per blocklist, the lowest minimum
 * confidence and every kind), longest cooling period. With no policy in force everything is neutral: factors 1,
 * empty lists, `DEFAULT_COOLING_SECONDS`. Order-independent: the same policies in any order give the same result.
 */
export function activePolicies(level: StanceLevel, policies: readonly StancePolicy[]): ActivePolicies {
  const active = policies.filter((p) => p.level <= level).sort(byLevelThenId);
  const min = (values: number[]): number => Math.min(1, ...values);
  const cooling = active.flatMap((p) => (p.cooling_period === undefined ? [] : [p.cooling_period]));
  const effective: EffectiveStancePolicy = {
    level,
    policies: active.map((p) => ({ id: p.id, level: p.level, title: p.title })),
    rule_packs: [...new Set(active.flatMap((p) => p.rule_packs))].sort(),
    correlation_threshold_factor: min(active.map((p) => p.correlation_threshold_factor)),
    sla_factor: {
      incidents: min(active.map((p) => p.sla_factor.incidents)),
      remediation: min(active.map((p) => p.sla_factor.remediation)),
    },
    approval_required_for: inEnumOrder(ResponseAction.options, new Set(active.flatMap((p) => p.approval_required_for))),
    blocklists: combineBlocklists(active),
    notify: inEnumOrder(Role.options, new Set(active.flatMap((p) => p.notify))),
    cooling_period_seconds: cooling.length === 0 ? DEFAULT_COOLING_SECONDS : Math.max(...cooling),
  };
  return { policies: active, effective };
}
