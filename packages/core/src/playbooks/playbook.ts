import { z } from 'zod';
import { AssetStatus, AssetType } from '../city/inventory.ts';
import { DurationSeconds } from '../city/duration.ts';
import { type ContentFile, type ContentFileError, parseYamlContent } from '../content-file.ts';
import { IncidentSeverity, IncidentStatus } from '../incidents/lifecycle.ts';
import { ObservableType, TechniqueId } from '../incidents/incident.ts';
import { NotificationSeverity } from '../notifications/notification.ts';
import { ResponseAction } from '../stance/policy.ts';
import { Condition, conditionFields, contextPath } from './condition.ts';
import { stringsIn, templatePaths } from './template.ts';

/**
 * Playbooks: response procedures as data (`content/playbooks/*.yml`). A playbook says when it applies
 * (triggers), what it takes from the incident (inputs) and what to do (steps); the server runs it and writes
 * every step's result on the incident's timeline. See content/playbooks/README.md for the format.
 */

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lowercase letters, digits or "-"');
const InputName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lowercase name such as servers or bad_ips');
/** A text with `{{placeholders}}`, checked against the playbook at load time. */
const Template = (max: number) => z.string().trim().min(1).max(max);

/** What an input takes from the incident. List sources give lists (for `for_each`); the others one value. */
export const PlaybookInputSource = z.enum([
  'assets',
  'services',
  'observables',
  'techniques',
  'alert_rules',
  'severity',
  'priority',
  'status',
  'department',
  'title',
]);
export type PlaybookInputSource = z.infer<typeof PlaybookInputSource>;
export const LIST_INPUT_SOURCES: ReadonlySet<PlaybookInputSource> = new Set([
  'assets',
  'services',
  'observables',
  'techniques',
  'alert_rules',
]);

export const PlaybookInput = z
  .strictObject({
    from: PlaybookInputSource,
    /** For `assets`: only assets of these types (servers, cameras, PLCs…). */
    asset_types: z.array(AssetType).min(1).optional(),
    /** For `observables`: only these types (ip, domain…). */
    observable_types: z.array(ObservableType).min(1).optional(),
    description: z.string().max(500).default(''),
  })
  .refine((i) => i.asset_types === undefined || i.from === 'assets', 'asset_types filters only `from: assets`')
  .refine(
    (i) => i.observable_types === undefined || i.from === 'observables',
    'observable_types filters only `from: observables`',
  );
export type PlaybookInput = z.infer<typeof PlaybookInput>;

/**
 * One way a playbook applies to an incident: every field given must hold (a trigger with a tag and a severity
 * needs both); a playbook applies when any of its triggers does. Checked when an incident opens and whenever
 * it changes (an alert linked, the severity raised).
 */
export const PlaybookTrigger = z
  .strictObject({
    /** The id of a detection rule that raised one of the incident's alerts. */
    rule: z.string().min(1).max(200).optional(),
    /** A tag of such a rule (`attack.t1486`, `attack.impact`), case-insensitive. */
    tag: z.string().min(1).max(200).optional(),
    /** An ATT&CK technique on the incident; a technique also matches its sub-techniques. */
    technique: TechniqueId.optional(),
    severity_at_least: IncidentSeverity.optional(),
    /** A city service the incident affects. */
    service: z.string().min(1).max(128).optional(),
    /** The type of an asset the incident affects. */
    asset_type: AssetType.optional(),
    /** The incident's type (from the incident templates), when it has one. */
    incident_type: z.string().min(1).max(64).optional(),
    department: z.string().min(1).max(64).optional(),
  })
  .refine((t) => Object.values(t).some((v) => v !== undefined), 'a trigger needs at least one field');
export type PlaybookTrigger = z.infer<typeof PlaybookTrigger>;

const StepBase = {
  /** Unique in the playbook; named in the API and on the timeline. */
  id: Slug,
  title: z.string().trim().min(1).max(200).optional(),
  when: Condition.optional(),
  /** A list input: the step runs once per item, with `{{item}}` the item. */
  for_each: InputName.optional(),
  /** `stop` (default): a failed step stops the run. `continue`: the run goes on. */
  on_failure: z.enum(['stop', 'continue']).default('stop'),
};

const NotifyTarget = z
  .strictObject({
    /** Everyone holding this permission in the incident's department. */
    permission: z.string().min(1).max(64).optional(),
    team_ids: z.array(z.string().min(1).max(128)).max(20).optional(),
    team_leads_of: z.array(z.string().min(1).max(128)).max(20).optional(),
    /** The incident's assignee, and the members of its team. */
    assignee: z.boolean().optional(),
    incident_team: z.boolean().optional(),
  })
  .refine((t) => Object.values(t).some((v) => v !== undefined && v !== false), 'say who to notify');

const ImpactOf = z.strictObject({
  /** An asset id template (`{{item}}`) or a list input's name. */
  assets: Template(200),
  action: z.enum(['isolate', 'offline']).default('isolate'),
});

const EnvName = z.string().regex(/^[A-Z][A-Z0-9_]{0,99}$/, 'an environment variable name such as SOAR_WEBHOOK_SECRET');

export const PlaybookStep = z.discriminatedUnion('kind', [
  z.strictObject({
    ...StepBase,
    kind: z.literal('create_task'),
    task: z.strictObject({
      title: Template(300),
      description: z.string().max(5000).default(''),
      /** Due this long after the step runs (`4h`, `2d`). */
      due_in: DurationSeconds.optional(),
    }),
  }),
  z.strictObject({
    ...StepBase,
    kind: z.literal('notify'),
    to: NotifyTarget,
    severity: NotificationSeverity.default('medium'),
    subject: Template(300),
    message: z.string().max(5000).default(''),
  }),
  z
    .strictObject({
      ...StepBase,
      kind: z.literal('webhook'),
      /** Fixed in the playbook (never from the incident: a case's text must not choose where data goes). */
      url: z.url({ protocol: /^https?$/ }).optional(),
      /** Or the name of an environment variable holding the URL. */
      url_env: EnvName.optional(),
      /** The name of an environment variable holding the HMAC secret; the secret itself is never in a file. */
      secret_env: EnvName.optional(),
      /** JSON sent; strings may hold placeholders. */
      body: z.unknown().default({}),
      attempts: z.number().int().min(1).max(10).default(5),
    })
    .refine((s) => (s.url === undefined) !== (s.url_env === undefined), 'give exactly one of url and url_env'),
  z.strictObject({
    ...StepBase,
    kind: z.literal('block'),
    /** The observable's value (`{{item}}` over an input of observables). */
    value: Template(2048),
    type: z.enum(['ip', 'domain', 'url', 'hash']),
    reason: z.string().max(2000).default(''),
  }),
  z.strictObject({
    ...StepBase,
    kind: z.literal('isolate_asset'),
    asset: Template(200),
    reason: Template(2000),
  }),
  z.strictObject({
    ...StepBase,
    kind: z.literal('set_asset_status'),
    asset: Template(200),
    status: AssetStatus.exclude(['silent']),
    reason: Template(2000),
  }),
  z.strictObject({
    ...StepBase,
    kind: z.literal('wait_for_approval'),
    message: Template(2000),
    /** Shows the cascade impact of isolating (or powering off) these assets to whoever approves. */
    impact_of: ImpactOf.optional(),
    /** The response action being approved: the stance's `approval_required_for` decides if two persons are needed. */
    action: ResponseAction.optional(),
    /** Two persons whatever the stance. */
    two_person: z.boolean().default(false),
  }),
  z.strictObject({
    ...StepBase,
    kind: z.literal('set_status'),
    status: IncidentStatus.exclude(['new', 'closed']),
    reason: z.string().max(2000).optional(),
  }),
]);
export type PlaybookStep = z.infer<typeof PlaybookStep>;
export type PlaybookStepKind = PlaybookStep['kind'];

const PlaybookShape = z.strictObject({
  id: Slug,
  /** Raised on every change: runs record the version they ran. */
  version: z.number().int().positive(),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000).default(''),
  /** Start by itself on incidents its triggers match (at most once per incident); else only by hand. */
  auto_start: z.boolean().default(false),
  triggers: z.array(PlaybookTrigger).max(20).default([]),
  inputs: z.record(InputName, PlaybookInput).default({}),
  steps: z.array(PlaybookStep).min(1).max(100),
});

/** Fields of the incident templates may read as `{{incident.<field>}}`. */
export const INCIDENT_TEMPLATE_FIELDS = [
  'id',
  'ref',
  'title',
  'severity',
  'priority',
  'status',
  'department',
  'type',
  'link',
  'assets',
  'services',
  'techniques',
] as const;
const PLAYBOOK_FIELDS = ['id', 'version', 'title'];
const RUN_FIELDS = ['id', 'started_by'];

/** Why a path cannot be read in a step, or null when it can. */
function pathProblem(path: string, inputs: Readonly<Record<string, PlaybookInput>>, forEach: boolean): string | null {
  const [root = '', field, ...rest] = path.split('.');
  const known: Record<string, readonly string[]> = {
    incident: INCIDENT_TEMPLATE_FIELDS,
    playbook: PLAYBOOK_FIELDS,
    run: RUN_FIELDS,
    inputs: Object.keys(inputs),
  };
  if (root === 'item') return forEach && field === undefined ? null : '`item` exists only in a step with for_each';
  const fields = known[root];
  if (fields === undefined) return `unknown name '${root}' (use incident., inputs., item, playbook. or run.)`;
  if (field === undefined || rest.length > 0 || !fields.includes(field)) return `unknown field '${path}'`;
  return null;
}

/** Templates of a step (texts people read, and the webhook body). */
function stepTemplates(step: PlaybookStep): string[] {
  switch (step.kind) {
    case 'create_task':
      return [step.task.title, step.task.description];
    case 'notify':
      return [step.subject, step.message];
    case 'webhook':
      return stringsIn(step.body);
    case 'block':
      return [step.value, step.reason];
    case 'isolate_asset':
    case 'set_asset_status':
      return [step.asset, step.reason];
    case 'wait_for_approval':
      return [step.message, ...(step.impact_of && step.impact_of.assets.includes('{{') ? [step.impact_of.assets] : [])];
    case 'set_status':
      return step.reason === undefined ? [] : [step.reason];
  }
}

export const Playbook = PlaybookShape.superRefine((playbook, ctx) => {
  const seen = new Set<string>();
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (playbook.auto_start && playbook.triggers.length === 0) issue(['auto_start'], 'auto_start needs triggers');
  playbook.steps.forEach((step, index) => {
    if (seen.has(step.id)) issue(['steps', index, 'id'], `duplicate step id '${step.id}'`);
    seen.add(step.id);
    if (step.for_each !== undefined) {
      const input = playbook.inputs[step.for_each];
      if (input === undefined) issue(['steps', index, 'for_each'], `no input named '${step.for_each}'`);
      else if (!LIST_INPUT_SOURCES.has(input.from))
        issue(['steps', index, 'for_each'], `input '${step.for_each}' is one value, not a list`);
    }
    const forEach = step.for_each !== undefined;
    for (const field of step.when === undefined ? [] : conditionFields(step.when)) {
      const problem = pathProblem(contextPath(field), playbook.inputs, forEach);
      if (problem !== null) issue(['steps', index, 'when'], problem);
    }
    for (const template of stepTemplates(step)) {
      let paths: string[];
      try {
        paths = templatePaths(template);
      } catch (error) {
        issue(['steps', index], error instanceof Error ? error.message : String(error));
        continue;
      }
      for (const path of paths) {
        const problem = pathProblem(path, playbook.inputs, forEach);
        if (problem !== null) issue(['steps', index], `{{${path}}}: ${problem}`);
      }
    }
    if (step.kind === 'wait_for_approval' && step.impact_of && !step.impact_of.assets.includes('{{')) {
      const input = playbook.inputs[step.impact_of.assets];
      if (input?.from !== 'assets')
        issue(['steps', index, 'impact_of', 'assets'], 'name an input of assets or use {{…}}');
    }
  });
});
export type Playbook = z.infer<typeof Playbook>;

/** Parses one playbook file; errors carry the file, the key path and the line. */
export function parsePlaybook(file: ContentFile): { value: Playbook } | { errors: ContentFileError[] } {
  return parseYamlContent(file, Playbook, 'playbook');
}

/** Parses a folder's playbooks; a bad file, or a second file with an id already taken, is refused alone. */
export function parsePlaybooks(files: readonly ContentFile[]): { playbooks: Playbook[]; errors: ContentFileError[] } {
  const playbooks: Playbook[] = [];
  const errors: ContentFileError[] = [];
  const owner = new Map<string, string>();
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    const parsed = parsePlaybook(file);
    if ('errors' in parsed) {
      errors.push(...parsed.errors);
      continue;
    }
    const taken = owner.get(parsed.value.id);
    if (taken !== undefined) {
      errors.push({ file: file.name, path: 'id', line: null, message: `id '${parsed.value.id}' is taken by ${taken}` });
      continue;
    }
    owner.set(parsed.value.id, file.name);
    playbooks.push(parsed.value);
  }
  return { playbooks, errors };
}

/**
 * Whether a step acts on the city or on enforcement points: such steps first show their impact and wait for
 * a person allowed to contain (`assets.contain`) to approve them. Restoring an asset is not destructive.
 */
export function isGatedStep(step: PlaybookStep): boolean {
  switch (step.kind) {
    case 'wait_for_approval':
    case 'block':
    case 'isolate_asset':
      return true;
    case 'set_asset_status':
      return step.status === 'isolated' || step.status === 'offline';
    default:
      return false;
  }
}

/** The stance's name for what a gated step does, when it has one (its `approval_required_for` decides two persons). */
export function responseActionOfStep(step: PlaybookStep): ResponseAction | null {
  switch (step.kind) {
    case 'isolate_asset':
      return 'isolate';
    case 'set_asset_status':
      return step.status === 'isolated' ? 'isolate' : step.status === 'offline' ? 'shutdown_device' : null;
    case 'block':
      return ({ ip: 'block_ip', domain: 'block_domain', url: 'block_url', hash: 'block_hash' } as const)[step.type];
    case 'wait_for_approval':
      return step.action ?? null;
    default:
      return null;
  }
}

const KIND_TITLES: Readonly<Record<PlaybookStepKind, string>> = {
  create_task: 'Create task',
  notify: 'Notify',
  webhook: 'Call webhook',
  block: 'Block',
  isolate_asset: 'Isolate asset',
  set_asset_status: 'Set asset status',
  wait_for_approval: 'Wait for approval',
  set_status: 'Set incident status',
};

export function stepTitle(step: PlaybookStep): string {
  return step.title ?? KIND_TITLES[step.kind];
}
