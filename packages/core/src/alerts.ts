import { z } from 'zod';
import { RuleExplanation } from './sigma/explanation.ts';

/** `escalated`: linked to an incident (by an operator or the automatic grouping); the case now tracks it. */
export const AlertStatus = z.enum(['new', 'acknowledged', 'escalated', 'closed']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** The rule as it stood when the alert was raised: metadata, ATT&CK tags and the DRL attribution. */
export const AlertRule = z.object({
  id: z.string(),
  title: z.string(),
  level: z.string().nullable(),
  description: z.string().nullable(),
  author: z.string().nullable(),
  references: z.array(z.string()),
  tags: z.array(z.string()),
  falsepositives: z.array(z.string()),
});
export type AlertRule = z.infer<typeof AlertRule>;

/** The matched event's key fields, for lists; the full event is at /api/events. */
export const AlertEventSummary = z.object({
  source: z.string(),
  hostName: z.string().nullable(),
  sourceIp: z.string().nullable(),
  destinationIp: z.string().nullable(),
  userName: z.string().nullable(),
  deviceId: z.string().nullable(),
  /**
   * The city context the event was enriched with at ingest: the asset it came from and the services that asset
   * supports (most residents first). Absent on alerts raised before the city model existed.
   */
  assetId: z.string().nullable().default(null),
  serviceIds: z.array(z.string()).default([]),
});
export type AlertEventSummary = z.infer<typeof AlertEventSummary>;

/** The Sigma v2.1 correlation types (value_percentile is refused at load, so no alert carries it today). */
export const AlertCorrelationType = z.enum([
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
]);

/**
 * What a correlation alert adds: the window it fired on. The alert's `eventId` is the event that completed it
 * (the last contribution), which keeps it idempotent like a base-rule alert.
 */
export const AlertCorrelation = z.object({
  type: AlertCorrelationType,
  timespan: z.string(),
  /** The group-by values of the group that fired (field → value; null for a missing field). */
  group: z.record(z.string(), z.unknown()),
  /** The contributing events, in commit order; the latest 1,000 when there were more (see `eventCount`). */
  eventIds: z.array(z.string()),
  eventCount: z.number().int(),
});
export type AlertCorrelation = z.infer<typeof AlertCorrelation>;

/**
 * One rule matching one event, or one correlation firing (then `correlation` is set and `rule` is the
 * correlation rule). Idempotent: the pair (rule, event) raises at most one alert.
 */
export const Alert = z.object({
  id: z.string(),
  status: AlertStatus,
  level: z.string().nullable(),
  title: z.string(),
  timestamp: z.string(),
  createdAt: z.string(),
  departmentId: z.string().nullable(),
  eventId: z.string(),
  rule: AlertRule,
  event: AlertEventSummary,
  correlation: AlertCorrelation.optional(),
  statusChangedAt: z.string().nullable(),
  statusChangedBy: z.string().nullable(),
});
export type Alert = z.infer<typeof Alert>;

/** The explanation of a correlation alert: the window it fired on, and what its completing event matched. */
export const CorrelationAlertExplanation = AlertCorrelation.extend({
  /**
   * The alert's event (the one that completed the window) against each base rule of the correlation that
   * matched it; a correlation built on correlations contributes the base rules of those, through the chain.
   */
  rules: z.array(RuleExplanation),
});
export type CorrelationAlertExplanation = z.infer<typeof CorrelationAlertExplanation>;

/**
 * "Why it matched" (GET /api/alerts/:id/explanation): the alert's rule run again, with `explain`, on the stored
 * event the alert was raised for, against the rules loaded now. Exactly one of `rule` (a Sigma rule alert) and
 * `correlation` (a correlation alert) is set. `available: false` says why there is nothing to show: the rule
 * or correlation is no longer loaded (removed, or refused since), the alert comes from another detector
 * (telemetry), or the event is no longer stored.
 */
export const AlertExplanation = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    alertId: z.string(),
    ruleId: z.string(),
    eventId: z.string(),
    /** The rule against the event; `matched: false` when the rule changed since the alert was raised. */
    rule: RuleExplanation.optional(),
    correlation: CorrelationAlertExplanation.optional(),
  }),
  z.object({
    available: z.literal(false),
    alertId: z.string(),
    ruleId: z.string(),
    eventId: z.string(),
    reason: z.string(),
  }),
]);
export type AlertExplanation = z.infer<typeof AlertExplanation>;

export const AlertListRequest = z.strictObject({
  status: AlertStatus.optional(),
  level: z.string().max(20).optional(),
  rule: z.string().max(200).optional(),
  department: z.string().max(64).optional(),
  /** Alerts whose event came from an asset supporting this city service (`event.serviceIds`). */
  service: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be a service id')
    .optional(),
  /** Alerts whose rule carries this ATT&CK tactic (`credential-access` for the Sigma tag `attack.credential-access`). */
  tactic: z
    .string()
    .regex(/^[a-z][a-z-]{0,63}$/, 'must be an ATT&CK tactic such as credential-access')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Return alerts created before this alert id (ids are time-ordered), for paging. */
  before: z.string().max(64).optional(),
});
export type AlertListRequest = z.infer<typeof AlertListRequest>;

/**
 * What a person sets on an alert. `escalated` is not among them: an alert is escalated by linking it to an
 * incident (POST /api/incidents, /api/incidents/:id/alerts), so an escalated alert always names its case.
 */
export const UpdateAlert = z.strictObject({ status: AlertStatus.exclude(['escalated']) });

/** Alerts per status within the caller's departments. */
export const AlertCounts = z.object({
  new: z.number().int(),
  acknowledged: z.number().int(),
  escalated: z.number().int(),
  closed: z.number().int(),
});
export type AlertCounts = z.infer<typeof AlertCounts>;
export type UpdateAlert = z.infer<typeof UpdateAlert>;

/** The correlation state detection keeps in memory, and what its bounds and restarts cost. */
export const CorrelationStatus = z.object({
  /** Correlation rules in use. */
  rules: z.number().int(),
  /** Groups held in memory, over all correlations. */
  groups: z.number().int(),
  /** Groups evicted because a correlation held its maximum. */
  evictedGroups: z.number().int(),
  /** Matches dropped because a group window held its maximum. */
  droppedEntries: z.number().int(),
  /** Matches older than their group's window when they arrived (events committed late), ignored. */
  lateEntries: z.number().int(),
  /** Events re-read from the store at the last start to rebuild the windows. */
  replayedEvents: z.number().int(),
  /** Hits of that rebuild the alerts already raised do not show (the state may differ from before the restart). */
  replayMismatches: z.number().int(),
});
export type CorrelationStatus = z.infer<typeof CorrelationStatus>;

/** Where detection stands: how many rules run, how many were refused, and how far behind the store it is. */
export const DetectionStatus = z.object({
  rules: z.number().int(),
  refusedRules: z.number().int(),
  checkpointSeq: z.number().int(),
  latestSeq: z.number().int(),
  /** Committed events not yet evaluated. */
  lag: z.number().int(),
  correlations: CorrelationStatus.optional(),
});
export type DetectionStatus = z.infer<typeof DetectionStatus>;

/** A loaded detection rule, as listed for operators. */
export const RuleSummary = z.object({
  id: z.string(),
  title: z.string(),
  level: z.string().nullable(),
  status: z.string().nullable(),
  description: z.string().nullable(),
  author: z.string().nullable(),
  references: z.array(z.string()),
  tags: z.array(z.string()),
  logsource: z.object({
    product: z.string().optional(),
    category: z.string().optional(),
    service: z.string().optional(),
  }),
  file: z.string().nullable(),
});
export type RuleSummary = z.infer<typeof RuleSummary>;

export const RuleRejectionInfo = z.object({
  file: z.string().nullable(),
  id: z.string().nullable(),
  reason: z.string(),
});
export type RuleRejectionInfo = z.infer<typeof RuleRejectionInfo>;

/** Where a rule comes from: the product's content/rules, a folder of CITYSOC_RULES_DIRS, or an upload. */
export const RuleSource = z.enum(['shipped', 'folder', 'uploaded']);
export type RuleSource = z.infer<typeof RuleSource>;

/**
 * A rule's (or correlation's) management state. `active` is whether detection evaluates it now: enabled
 * city-wide, in no stance rule pack or in one the stance in force enables, and (for a correlation) every rule
 * it needs active. `disabledFor` lists only the departments the caller may see.
 */
export const RuleState = z.object({
  enabled: z.boolean(),
  /** Why it was disabled city-wide (null while enabled). */
  reason: z.string().nullable(),
  disabledFor: z.array(z.object({ department: z.string(), reason: z.string() })),
  source: RuleSource,
  /** The stance rule packs it belongs to (`folder:intel-hunting`, `tag:attack.discovery`); empty: always on. */
  packs: z.array(z.string()),
  /** True when it is in no pack, or the stance in force enables one of its packs. */
  packEnabled: z.boolean(),
  active: z.boolean(),
  /** Why it is not active, for people (null when active). */
  inactiveReason: z.string().nullable(),
  /** An uploaded rule's department: it raises alerts only for that department's events (null: city-wide). */
  department: z.string().nullable(),
  uploadedBy: z.string().nullable(),
});
export type RuleState = z.infer<typeof RuleState>;

export const RuleListEntry = RuleSummary.extend({ state: RuleState });
export type RuleListEntry = z.infer<typeof RuleListEntry>;

const ConditionTestInfo = z.object({ op: z.enum(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']), value: z.number() });

/** A correlation rule as listed: its condition as written and as in force under the stance's threshold factor. */
export const CorrelationListEntry = z.object({
  id: z.string(),
  title: z.string(),
  level: z.string().nullable(),
  type: AlertCorrelationType,
  rules: z.array(z.string()),
  groupBy: z.array(z.string()),
  timespan: z.string(),
  tags: z.array(z.string()),
  file: z.string().nullable(),
  condition: z.array(ConditionTestInfo),
  effectiveCondition: z.array(ConditionTestInfo),
  state: RuleState,
});
export type CorrelationListEntry = z.infer<typeof CorrelationListEntry>;

/** The stance values detection runs under (the city's: see detection's rule-catalog.ts). */
export const DetectionStance = z.object({
  level: z.number().int(),
  rulePacks: z.array(z.string()),
  correlationThresholdFactor: z.number(),
});
export type DetectionStance = z.infer<typeof DetectionStance>;

export const RuleList = z.object({
  rules: z.array(RuleListEntry),
  correlations: z.array(CorrelationListEntry),
  refused: z.array(RuleRejectionInfo),
  stance: DetectionStance,
});
export type RuleList = z.infer<typeof RuleList>;

/** PUT /api/rules/:id/state: turn a rule off or on, city-wide (`department: null`) or for one department. */
export const RuleStateChange = z.strictObject({
  department: z.string().min(1).max(64).nullable(),
  enabled: z.boolean(),
  reason: z.string().trim().min(3).max(1000),
});
export type RuleStateChange = z.infer<typeof RuleStateChange>;

export const RuleStateAnswer = z.object({ id: z.string(), state: RuleState });
export type RuleStateAnswer = z.infer<typeof RuleStateAnswer>;

/** Most bytes of Sigma YAML one upload (or test) may carry. */
export const MAX_RULE_YAML_BYTES = 256 * 1024;

/** POST /api/rules: Sigma YAML (one or many documents), city-wide or for one department. */
export const RuleUpload = z.strictObject({
  yaml: z.string().min(1).max(MAX_RULE_YAML_BYTES),
  department: z.string().min(1).max(64).nullable().default(null),
});
export type RuleUpload = z.input<typeof RuleUpload>;

/** What an upload did: the `rules check` report, plus what was stored. */
export const RuleUploadReport = z.object({
  loaded: z.number().int(),
  rejected: z.number().int(),
  rejections: z.array(RuleRejectionInfo),
  accepted: z.array(
    z.object({ id: z.string(), kind: z.enum(['rule', 'correlation', 'filter']), replaced: z.boolean() }),
  ),
});
export type RuleUploadReport = z.infer<typeof RuleUploadReport>;

/** "Test this rule": Sigma YAML run over stored events of a time range, without raising alerts. */
export const RuleTestRequest = z.strictObject({
  yaml: z
    .string()
    .min(1)
    .max(256 * 1024),
  from: z.string().max(64).default('-24h'),
  to: z.string().max(64).optional(),
  /** Most events to read; the answer says when it stopped early. */
  maxEvents: z.number().int().min(1).max(200_000).default(50_000),
});
export type RuleTestRequest = z.infer<typeof RuleTestRequest>;

export const RuleTestResult = z.object({
  rules: z.array(RuleSummary),
  refused: z.array(RuleRejectionInfo),
  scanned: z.number().int(),
  complete: z.boolean(),
  matches: z.array(z.object({ ruleId: z.string(), eventId: z.string(), timestamp: z.string(), source: z.string() })),
});
export type RuleTestResult = z.infer<typeof RuleTestResult>;
