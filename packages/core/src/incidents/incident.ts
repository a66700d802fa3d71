import { z } from 'zod';
import { Criticality } from '../city/inventory.ts';
import { ImpactAnswer } from '../city/inventory-api.ts';
import { TlpLevel } from '../intel/indicator.ts';
import { Priority } from '../vulns/prioritise.ts';
import { SlaStatus } from './sla.ts';
import { EvidenceFile, IncidentTypeId, PersonalDataBreach } from './casework.ts';
import { TeamRotation, TeamRotationInput } from './on-call.ts';
import { IncidentSeverity, IncidentStatus } from './lifecycle.ts';

/** P1 (act now) … P4; the same scale as vulnerability findings so one queue can sort both. */
export const IncidentPriority = Priority;
export type IncidentPriority = z.infer<typeof IncidentPriority>;

/** Permissible Actions Protocol (FIRST PAP): what a recipient may do with an observable. */
export const PapLevel = z.enum(['clear', 'green', 'amber', 'red']);
export type PapLevel = z.infer<typeof PapLevel>;

export const ObservableType = z.enum(['ip', 'domain', 'url', 'hash', 'user', 'device', 'email']);
export type ObservableType = z.infer<typeof ObservableType>;

/** Free text typed by people: bounded so one request cannot store megabytes in a title. */
const Title = z.string().trim().min(1).max(300);
const Text = z.string().max(20_000);
const Id = z.string().min(1).max(128);
/** ATT&CK technique or sub-technique id, enterprise (T1059.001) or ICS (T0883). */
export const TechniqueId = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'an ATT&CK technique id such as T1059 or T1059.001');

export const IncidentObservable = z.object({
  id: z.string(),
  type: ObservableType,
  value: z.string(),
  tlp: TlpLevel,
  pap: PapLevel,
  /** Marked for the blocklists (a later feature publishes them); when it was marked, else null. */
  block: z.boolean(),
  description: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type IncidentObservable = z.infer<typeof IncidentObservable>;

export const TaskStatus = z.enum(['todo', 'doing', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const IncidentTask = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: TaskStatus,
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  due: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type IncidentTask = z.infer<typeof IncidentTask>;

export const IncidentComment = z.object({
  id: z.string(),
  body: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
});
export type IncidentComment = z.infer<typeof IncidentComment>;

/**
 * One line of the incident's timeline. `kind` is open: this feature writes `created`, `status`, `field`,
 * `alert`, `grouped`, `task`, `comment`, `observable`; later features (playbooks, notifications, evidence) add
 * their own kinds without a schema change. `data` holds the kind's structured details for the UI.
 */
export const TimelineEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  text: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** One status change, oldest first: what the SLA clocks are computed from. */
export const StatusChange = z.object({ at: z.string(), to: IncidentStatus });
export type StatusChange = z.infer<typeof StatusChange>;

export const ResolutionKind = z.enum(['true_positive', 'false_positive', 'benign', 'duplicate']);
export type ResolutionKind = z.infer<typeof ResolutionKind>;

/** An incident as listed: the case itself with its SLA clocks, without the sub-resources. */
export const Incident = z.object({
  id: z.string(),
  /** Human reference, `INC-<number>`, unique and increasing. */
  ref: z.string(),
  title: z.string(),
  description: z.string(),
  severity: IncidentSeverity,
  priority: IncidentPriority,
  status: IncidentStatus,
  /** Owning department; null for a city-wide incident (seen by city-wide roles only). */
  departmentId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  assetIds: z.array(z.string()),
  serviceIds: z.array(z.string()),
  /** The highest criticality among the affected services ('low' when none): the SLA table's second axis. */
  serviceCriticality: Criticality,
  techniques: z.array(z.string()),
  alertCount: z.number().int(),
  resolution: z.object({ kind: ResolutionKind, summary: z.string() }).nullable(),
  slaFactor: z.number(),
  statusHistory: z.array(StatusChange),
  sla: SlaStatus,
  /** The template type it was opened with (`malware`, `personal-data-breach`, …); null when none. */
  type: z.string().nullable(),
  /** Set once the incident touches a personal dataset: the GDPR art. 33 72-hour clock. */
  personalDataBreach: PersonalDataBreach.nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type Incident = z.infer<typeof Incident>;

/** An alert linked to an incident, as it was when linked, and why it was linked. */
export const IncidentAlertLink = z.object({
  alertId: z.string(),
  title: z.string(),
  level: z.string().nullable(),
  ruleId: z.string(),
  timestamp: z.string(),
  departmentId: z.string().nullable(),
  linkedAt: z.string(),
  linkedBy: z.string(),
  /** "escalated by …", or the grouping reason ("shares host scada-1 …"). */
  reason: z.string(),
});
export type IncidentAlertLink = z.infer<typeof IncidentAlertLink>;

/** The case view: the incident with everything attached and the cascade impact of its affected assets. */
/** Another department the case is shared with: its people see and work the case as their own. */
export const IncidentShare = z.object({
  departmentId: z.string(),
  reason: z.string(),
  sharedBy: z.string(),
  sharedAt: z.string(),
});
export type IncidentShare = z.infer<typeof IncidentShare>;

export const ShareIncident = z.strictObject({
  departmentId: Id,
  reason: z.string().trim().max(2000).default(''),
});
export type ShareIncident = z.input<typeof ShareIncident>;

/**
 * What automation reads of an incident (playbook triggers and inputs): the case, its first alert links and its
 * observables, without the timeline, tasks, evidence, impact or people's names the case page needs. An alert
 * storm changes an incident hundreds of times; each change must not cost a full case page.
 */
export const IncidentBrief = Incident.extend({
  alerts: z.array(IncidentAlertLink),
  observables: z.array(IncidentObservable),
});
export type IncidentBrief = z.infer<typeof IncidentBrief>;

export const IncidentDetail = Incident.extend({
  /** Departments besides its own that see and work the case. */
  sharedWith: z.array(IncidentShare),
  alerts: z.array(IncidentAlertLink),
  tasks: z.array(IncidentTask),
  comments: z.array(IncidentComment),
  observables: z.array(IncidentObservable),
  evidence: z.array(EvidenceFile),
  timeline: z.array(TimelineEntry),
  /** What compromising the affected assets does to the city's services; null when no asset is affected or known. */
  impact: ImpactAnswer.nullable(),
  /** Statuses the incident may move to now. */
  nextStatuses: z.array(IncidentStatus),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const Team = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** Null: a city-wide team. */
  departmentId: z.string().nullable(),
  members: z.array(z.object({ id: z.string(), username: z.string() })),
  /** Who hears about SLA breaches of the team's incidents. */
  lead: z.object({ id: z.string(), username: z.string() }).nullable(),
  /** Who is on call now: from the rotation when there is one, else the member named on call. */
  onCall: z.object({ id: z.string(), username: z.string() }).nullable(),
  /** When the current on-call turn ends; null without a rotation. */
  onCallUntil: z.string().nullable(),
  rotation: TeamRotation.nullable(),
  createdAt: z.string(),
});
export type Team = z.infer<typeof Team>;

/** Someone an incident can be assigned to: a user who may work incidents of its department. */
export const Assignee = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export type Assignee = z.infer<typeof Assignee>;

// ---- requests --------------------------------------------------------------------------------------------------

export const IncidentListRequest = z.strictObject({
  status: z.union([IncidentStatus, z.literal('open')]).optional(),
  severity: IncidentSeverity.optional(),
  department: z.string().max(64).optional(),
  assignee: z.string().max(128).optional(),
  team: z.string().max(128).optional(),
  /** `breached`: a clock past its target; `running`: clocks running, none breached; `met`: every clock met. */
  sla: z.enum(['breached', 'running', 'met']).optional(),
  /** Words in the title or description, or an `INC-<n>` reference. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type IncidentListRequest = z.infer<typeof IncidentListRequest>;

export const CreateIncident = z.strictObject({
  title: Title,
  description: Text.default(''),
  /** Default: from the alerts' levels, else medium. */
  severity: IncidentSeverity.optional(),
  /** Default: from severity × the affected services' criticality. */
  priority: IncidentPriority.optional(),
  /** Default: the alerts' department when they share one; required without alerts for scoped users. */
  departmentId: z.string().min(1).max(64).nullable().optional(),
  assigneeId: Id.nullable().optional(),
  teamId: Id.nullable().optional(),
  assetIds: z.array(Id).max(200).default([]),
  serviceIds: z.array(Id).max(200).default([]),
  techniques: z.array(TechniqueId).max(100).default([]),
  alertIds: z.array(Id).max(500).default([]),
  /** A template type (GET /api/incident-templates): pre-fills severity, team and tasks. */
  type: IncidentTypeId.optional(),
});
export type CreateIncident = z.input<typeof CreateIncident>;

export const UpdateIncident = z
  .strictObject({
    title: Title.optional(),
    description: Text.optional(),
    severity: IncidentSeverity.optional(),
    priority: IncidentPriority.optional(),
    assigneeId: Id.nullable().optional(),
    teamId: Id.nullable().optional(),
    assetIds: z.array(Id).max(200).optional(),
    serviceIds: z.array(Id).max(200).optional(),
    techniques: z.array(TechniqueId).max(100).optional(),
    /** A phase change; `reason` explains it (required to reopen a closed incident). */
    status: IncidentStatus.optional(),
    reason: z.string().trim().min(1).max(2000).optional(),
    /** Required when closing. */
    resolution: z.strictObject({ kind: ResolutionKind, summary: z.string().trim().min(1).max(20_000) }).optional(),
  })
  .refine((u) => Object.keys(u).length > 0, 'Nothing to change');
export type UpdateIncident = z.input<typeof UpdateIncident>;

export const LinkAlerts = z.strictObject({ alertIds: z.array(Id).min(1).max(500) });
export type LinkAlerts = z.infer<typeof LinkAlerts>;

export const CreateTask = z.strictObject({
  title: Title,
  description: Text.default(''),
  assigneeId: Id.nullable().optional(),
  due: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type CreateTask = z.input<typeof CreateTask>;

export const UpdateTask = z
  .strictObject({
    title: Title.optional(),
    description: Text.optional(),
    status: TaskStatus.optional(),
    assigneeId: Id.nullable().optional(),
    due: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, 'Nothing to change');
export type UpdateTask = z.input<typeof UpdateTask>;

export const CreateComment = z.strictObject({ body: z.string().trim().min(1).max(20_000) });
export type CreateComment = z.infer<typeof CreateComment>;

export const CreateObservable = z.strictObject({
  type: ObservableType,
  value: z.string().trim().min(1).max(2048),
  tlp: TlpLevel.default('amber'),
  pap: PapLevel.default('amber'),
  block: z.boolean().default(false),
  description: z.string().max(2000).default(''),
});
export type CreateObservable = z.input<typeof CreateObservable>;

export const UpdateObservable = z
  .strictObject({ tlp: TlpLevel.optional(), pap: PapLevel.optional(), block: z.boolean().optional() })
  .refine((u) => Object.keys(u).length > 0, 'Nothing to change');
export type UpdateObservable = z.infer<typeof UpdateObservable>;

export const CreateTeam = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).default(''),
  departmentId: z.string().min(1).max(64).nullable().default(null),
  memberIds: z.array(Id).max(200).default([]),
  onCallId: Id.nullable().default(null),
  leadId: Id.nullable().default(null),
  rotation: TeamRotationInput.nullable().default(null),
});
export type CreateTeam = z.input<typeof CreateTeam>;
