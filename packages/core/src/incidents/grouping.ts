import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { AlertEventSummary } from '../alerts.ts';
import { DurationSeconds, formatDuration } from '../city/duration.ts';
import { InputError } from '../errors.ts';
import { IncidentSeverity, severityOfAlertLevel } from './lifecycle.ts';

/**
 * What two alerts can share to belong to one incident. `service` is the city service the alert's asset supports
 * (from enrichment); the others are the alert's event fields. Each kind matches only the same kind: a source
 * address is not compared with a destination address, so traffic to a shared server does not merge attacks.
 */
export const GroupingEntityKind = z.enum(['host', 'user', 'source_ip', 'destination_ip', 'device', 'asset', 'service']);
export type GroupingEntityKind = z.infer<typeof GroupingEntityKind>;

export const AlertLevel = z.enum(['informational', 'low', 'medium', 'high', 'critical']);
export type AlertLevel = z.infer<typeof AlertLevel>;

const LevelRule = z.strictObject({
  /** Open a new incident when nothing matches. Implies `attach`. */
  open: z.boolean().optional(),
  /** Attach to an open incident that shares an entity within the window. */
  attach: z.boolean().optional(),
  window: DurationSeconds.optional(),
  entities: z.array(GroupingEntityKind).optional(),
  /** Severity of an incident this level opens (default: the alert level, informational as low). */
  severity: IncidentSeverity.optional(),
});

/** `content/incidents/grouping.yml`: defaults plus per-level overrides (README.md beside this file). */
export const GroupingConfig = z.strictObject({
  defaults: z.strictObject({
    window: DurationSeconds,
    entities: z.array(GroupingEntityKind).min(1),
  }),
  levels: z.partialRecord(AlertLevel, LevelRule),
});
export type GroupingConfig = z.infer<typeof GroupingConfig>;

/** The rule that applies to one alert level, with the defaults filled in. */
export interface GroupingRule {
  readonly level: AlertLevel;
  readonly open: boolean;
  readonly attach: boolean;
  readonly windowSeconds: number;
  readonly entities: readonly GroupingEntityKind[];
  readonly severity: IncidentSeverity;
}

/** Reads the grouping file; a problem is an InputError naming the key path. */
export function parseGroupingConfig(text: string): GroupingConfig {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new InputError(`grouping config is not YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = GroupingConfig.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`grouping config: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Sigma levels as grouping levels: a missing or unknown level is informational. */
export function alertLevelOf(level: string | null): AlertLevel {
  const parsed = AlertLevel.safeParse(level);
  return parsed.success ? parsed.data : 'informational';
}

export function groupingRuleFor(config: GroupingConfig, level: string | null): GroupingRule {
  const key = alertLevelOf(level);
  const rule = config.levels[key] ?? {};
  const open = rule.open ?? false;
  return {
    level: key,
    open,
    attach: open || (rule.attach ?? false),
    windowSeconds: rule.window ?? config.defaults.window,
    entities: rule.entities ?? config.defaults.entities,
    severity: rule.severity ?? severityOfAlertLevel(key),
  };
}

const MAX_ENTITY_LENGTH = 256;

export interface EntityKey {
  readonly kind: GroupingEntityKind;
  readonly value: string;
}

/**
 * The entities of an alert, normalised for comparison: host and user names are case-insensitive (Windows and
 * DNS treat them so), addresses and ids are kept as written.
 */
export function alertEntities(event: AlertEventSummary): EntityKey[] {
  const keys: EntityKey[] = [];
  const add = (kind: GroupingEntityKind, value: string | null, fold = false) => {
    const v = value?.trim();
    // Longer than any real host, address or id: attacker-supplied noise, not something to group on.
    if (v && v.length <= MAX_ENTITY_LENGTH) keys.push({ kind, value: fold ? v.toLowerCase() : v });
  };
  add('host', event.hostName, true);
  add('user', event.userName, true);
  add('source_ip', event.sourceIp);
  add('destination_ip', event.destinationIp);
  add('device', event.deviceId);
  add('asset', event.assetId);
  for (const service of event.serviceIds) add('service', service);
  return keys;
}

/** An open incident as the grouping sees it: its department and the entities of its alerts, with last activity. */
export interface GroupingCandidate {
  readonly id: string;
  readonly ref: string;
  readonly departmentId: string | null;
  readonly entities: readonly (EntityKey & { readonly lastSeen: string })[];
}

export interface GroupingAlert {
  readonly level: string | null;
  readonly timestamp: string;
  readonly departmentId: string | null;
  readonly entities: readonly EntityKey[];
}

export type GroupingDecision =
  | { readonly action: 'attach'; readonly incidentId: string; readonly reason: string }
  | { readonly action: 'open'; readonly reason: string }
  | { readonly action: 'ignore'; readonly reason: string };

const KIND_LABEL: Readonly<Record<GroupingEntityKind, string>> = {
  host: 'host',
  user: 'user',
  source_ip: 'source IP',
  destination_ip: 'destination IP',
  device: 'device',
  asset: 'asset',
  service: 'city service',
};

/**
 * Whether a new alert joins an open incident, opens one, or stays alone. It joins the incident whose shared
 * entity was active most recently within the level's window (either side of the alert's time, since events
 * arrive out of order). Only an incident of the alert's own department, or a city-wide one, qualifies: joining
 * another department's case would show this department's alert to people who may not see it.
 */
export function decideGrouping(
  alert: GroupingAlert,
  candidates: readonly GroupingCandidate[],
  rule: GroupingRule,
): GroupingDecision {
  const window = formatDuration(rule.windowSeconds);
  if (rule.attach) {
    const at = Date.parse(alert.timestamp);
    const allowed = new Set(rule.entities);
    const wanted = new Set(alert.entities.filter((e) => allowed.has(e.kind)).map((e) => `${e.kind}\u0000${e.value}`));
    let best: { candidate: GroupingCandidate; entity: EntityKey; seen: number } | null = null;
    for (const candidate of candidates) {
      if (candidate.departmentId !== null && candidate.departmentId !== alert.departmentId) continue;
      for (const entity of candidate.entities) {
        if (!wanted.has(`${entity.kind}\u0000${entity.value}`)) continue;
        const seen = Date.parse(entity.lastSeen);
        if (Math.abs(at - seen) > rule.windowSeconds * 1000) continue;
        const better =
          best === null ||
          seen > best.seen ||
          (seen === best.seen && candidate.id > best.candidate.id) ||
          (seen === best.seen && candidate.id === best.candidate.id && entity.kind < best.entity.kind);
        if (better) best = { candidate, entity, seen };
      }
    }
    if (best) {
      const { candidate, entity } = best;
      return {
        action: 'attach',
        incidentId: candidate.id,
        reason: `shares ${KIND_LABEL[entity.kind]} '${entity.value}' with ${candidate.ref} within ${window}`,
      };
    }
  }
  if (rule.open) return { action: 'open', reason: `${rule.level} alert with no open incident sharing an entity` };
  return {
    action: 'ignore',
    reason: rule.attach ? `no open incident shares an entity within ${window}` : `${rule.level} alerts are not grouped`,
  };
}
