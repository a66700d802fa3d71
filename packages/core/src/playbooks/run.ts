import { z } from 'zod';
import { ImpactAnswer } from '../city/inventory-api.ts';
import { Playbook } from './playbook.ts';

/** A playbook as the catalogue lists it; with an incident given, whether it applies and why. */
export const PlaybookSummary = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  autoStart: z.boolean(),
  stepCount: z.number().int(),
  /** The step kinds, in order, so the picker can say "isolates assets". */
  stepKinds: z.array(z.string()),
  match: z.object({ matched: z.boolean(), reason: z.string().nullable() }).nullable(),
});
export type PlaybookSummary = z.infer<typeof PlaybookSummary>;

export const PlaybookLoadError = z.object({
  file: z.string(),
  path: z.string(),
  line: z.number().nullable(),
  message: z.string(),
});
export type PlaybookLoadError = z.infer<typeof PlaybookLoadError>;

export const PlaybookCatalogue = z.object({
  playbooks: z.array(PlaybookSummary),
  /** Files refused at load, with the reason: shown to whoever maintains the playbooks. */
  rejected: z.array(PlaybookLoadError),
});
export type PlaybookCatalogue = z.infer<typeof PlaybookCatalogue>;

export const PlaybookDetail = z.object({ playbook: Playbook, file: z.string() });
export type PlaybookDetail = z.infer<typeof PlaybookDetail>;

export const RunState = z.enum(['running', 'waiting', 'succeeded', 'failed', 'cancelled']);
export type RunState = z.infer<typeof RunState>;

export const StepState = z.enum([
  'pending',
  'running',
  'awaiting_approval',
  'succeeded',
  'skipped',
  'failed',
  'denied',
  'cancelled',
]);
export type StepState = z.infer<typeof StepState>;

/** States a step does not leave. */
export const FINISHED_STEP_STATES: ReadonlySet<string> = new Set<StepState>([
  'succeeded',
  'skipped',
  'failed',
  'denied',
  'cancelled',
]);

export const StepApproval = z.object({ by: z.string(), byId: z.string(), at: z.string(), reason: z.string() });
export type StepApproval = z.infer<typeof StepApproval>;

/** One try of a webhook, as the step shows it. */
export const StepAttempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  ok: z.boolean(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  retryInMs: z.number().nullable(),
});
export type StepAttempt = z.infer<typeof StepAttempt>;

export const PlaybookRunStep = z.object({
  id: z.string(),
  stepId: z.string(),
  position: z.number().int(),
  kind: z.string(),
  title: z.string(),
  item: z.string().nullable(),
  state: StepState,
  /** A destructive step that waits: the cascade impact whoever approves sees (null when nothing depends on it). */
  impact: ImpactAnswer.nullable(),
  /** Whether two persons must agree (the stance's policy, or the playbook): the starter cannot approve. */
  twoPerson: z.boolean(),
  /** The response action (`isolate`, `block_ip`…) a gated step performs. */
  action: z.string().nullable(),
  approvals: z.array(StepApproval),
  /** A pending response approval (`/api/response/approvals`) the step waits on. */
  responseApprovalId: z.string().nullable(),
  attempts: z.array(StepAttempt),
  /** What the step did, for people: "Task created: …", "Asset scada-1 isolated". */
  summary: z.string().nullable(),
  output: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
  actor: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type PlaybookRunStep = z.infer<typeof PlaybookRunStep>;

export const PlaybookRun = z.object({
  id: z.string(),
  incidentId: z.string(),
  departmentId: z.string().nullable(),
  playbookId: z.string(),
  playbookVersion: z.number().int(),
  playbookTitle: z.string(),
  trigger: z.enum(['manual', 'auto']),
  triggerReason: z.string().nullable(),
  inputs: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  state: RunState,
  startedBy: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  steps: z.array(PlaybookRunStep),
});
export type PlaybookRun = z.infer<typeof PlaybookRun>;

export const StartPlaybookRun = z.strictObject({ playbookId: z.string().min(1).max(64) });
export type StartPlaybookRun = z.infer<typeof StartPlaybookRun>;

/** Approving or denying a waiting step: the reason goes on the timeline and in the audit log. */
export const StepDecision = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export type StepDecision = z.infer<typeof StepDecision>;

export const CancelPlaybookRun = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export type CancelPlaybookRun = z.infer<typeof CancelPlaybookRun>;
