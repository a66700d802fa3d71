import { z } from 'zod';
import { DurationSeconds } from '../city/duration.ts';
import { Classification, PERSONAL_CLASSIFICATIONS } from '../data-protection/dataset.ts';
import type { SlaStatus, SlaTarget } from './sla.ts';
import { IncidentSeverity } from './lifecycle.ts';

// ---- evidence ---------------------------------------------------------------------------------------------------

/** A file attached to a case. Its bytes are served only as an attachment, never rendered: they are hostile. */
export const EvidenceFile = z.object({
  id: z.string(),
  name: z.string(),
  /** The type the uploader declared; informative only (downloads are always application/octet-stream). */
  contentType: z.string(),
  size: z.number().int(),
  /** SHA-256 of the bytes, hex, computed when uploaded and checked again on every download. */
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});
export type EvidenceFile = z.infer<typeof EvidenceFile>;

/**
 * A file name as people see it: no path parts, no control characters, at most 255 characters. Returns null when
 * nothing usable is left (the caller refuses the upload).
 */
export function cleanEvidenceName(name: string): string | null {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return null;
  return cleaned.slice(0, 255);
}

// ---- personal-data breach (GDPR art. 33) ------------------------------------------------------------------------

/** How long after becoming aware of a personal-data breach the supervisory authority must be told (art. 33). */
export const BREACH_NOTIFICATION_HOURS = 72;

export const BreachDataset = z.object({ id: z.string(), name: z.string(), classification: Classification });
export type BreachDataset = z.infer<typeof BreachDataset>;

export const PersonalDataBreach = z.object({
  /** The personal datasets stored on, processed by or used by the incident's affected assets and services. */
  datasets: z.array(BreachDataset),
  /** When the incident first touched personal data: the moment the controller is taken to be aware. */
  clockStartedAt: z.string(),
  /** clockStartedAt + 72 h. */
  notifyBy: z.string(),
  notifiedAt: z.string().nullable(),
  notifiedBy: z.string().nullable(),
  /** The authority's case number, or how it was notified. */
  reference: z.string().nullable(),
  authority: z.string().nullable(),
});
export type PersonalDataBreach = z.infer<typeof PersonalDataBreach>;

export const RecordBreachNotification = z.strictObject({
  /** When the authority was notified; default now. Not in the future. */
  notifiedAt: z.iso.datetime({ offset: true }).optional(),
  authority: z.string().trim().min(1).max(300),
  reference: z.string().trim().min(1).max(300),
});
export type RecordBreachNotification = z.input<typeof RecordBreachNotification>;

/** What a dataset of the catalogue says about where it lives, as the breach clock reads it. */
export interface DatasetPlacement {
  readonly id: string;
  readonly name: string;
  readonly classification: Classification;
  readonly storedOn: readonly string[];
  readonly processedBy: readonly string[];
  readonly services: readonly string[];
}

/**
 * The personal datasets (personal or special-category) an incident touches: stored on or processed by one of its
 * affected assets, or used by one of its affected services. Sorted by id so a stored list compares stably.
 */
export function personalDatasetsTouched(
  affected: { assetIds: readonly string[]; serviceIds: readonly string[] },
  catalogue: readonly DatasetPlacement[],
): BreachDataset[] {
  const assets = new Set(affected.assetIds);
  const services = new Set(affected.serviceIds);
  return catalogue
    .filter((d) => PERSONAL_CLASSIFICATIONS.has(d.classification))
    .filter(
      (d) =>
        d.storedOn.some((a) => assets.has(a)) ||
        d.processedBy.some((a) => assets.has(a)) ||
        d.services.some((s) => services.has(s)),
    )
    .map((d) => ({ id: d.id, name: d.name, classification: d.classification }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function breachNotifyBy(clockStartedAt: string): string {
  return new Date(Date.parse(clockStartedAt) + BREACH_NOTIFICATION_HOURS * 3_600_000).toISOString();
}

/**
 * What the breach clock does when an incident's affected assets or services change. It starts once, the first
 * time personal data is touched, and never stops or restarts: removing the asset later does not make the
 * controller unaware. Datasets found later join the list.
 */
export function nextBreachState(
  current: { datasets: readonly BreachDataset[]; clockStartedAt: string | null },
  touched: readonly BreachDataset[],
): { start: boolean; datasets: BreachDataset[]; added: BreachDataset[] } | null {
  const known = new Set(current.datasets.map((d) => d.id));
  const added = touched.filter((d) => !known.has(d.id));
  if (added.length === 0) return null;
  const datasets = [...current.datasets, ...added].sort((a, b) => a.id.localeCompare(b.id));
  return { start: current.clockStartedAt === null, datasets, added };
}

// ---- SLA breaches -----------------------------------------------------------------------------------------------

/** A case's SLA in one word, for the queue filter: any clock breached, else any running, else all met. */
export function slaStateOf(sla: SlaStatus): 'breached' | 'running' | 'met' {
  if (sla.breached) return 'breached';
  return sla.clocks.some((c) => c.state === 'running') ? 'running' : 'met';
}

/** The clocks breached now that no earlier check recorded: each breach is announced once. */
export function newlyBreachedClocks(sla: SlaStatus, recorded: ReadonlySet<SlaTarget>): SlaTarget[] {
  return sla.clocks.filter((c) => c.breached && !recorded.has(c.target)).map((c) => c.target);
}

// ---- templates --------------------------------------------------------------------------------------------------

export const IncidentTypeId = z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'a lower-case id such as malware');

export const IncidentTemplateTask = z.strictObject({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(20_000).default(''),
  /** Due this long after the incident opens (15m, 4h, 2d); none: no due time. */
  due: DurationSeconds.optional(),
});

/** One file of `content/incidents/templates/`: what opening an incident of this type pre-fills. */
export const IncidentTemplateFile = z.strictObject({
  type: IncidentTypeId,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  /** Put in front of the title the operator types ("Malware: "). */
  title_prefix: z.string().max(100).default(''),
  severity: IncidentSeverity.default('medium'),
  /** The name of a team (matched case-insensitively); skipped when no such team exists yet. */
  team: z.string().trim().min(1).max(100).optional(),
  tasks: z.array(IncidentTemplateTask).max(100).default([]),
});
export type IncidentTemplateFile = z.infer<typeof IncidentTemplateFile>;

/** A template as the API lists it. */
export const IncidentTemplate = z.object({
  type: z.string(),
  name: z.string(),
  description: z.string(),
  titlePrefix: z.string(),
  severity: IncidentSeverity,
  team: z.string().nullable(),
  tasks: z.array(z.object({ title: z.string(), description: z.string(), dueSeconds: z.number().nullable() })),
});
export type IncidentTemplate = z.infer<typeof IncidentTemplate>;

export function toIncidentTemplate(file: IncidentTemplateFile): IncidentTemplate {
  return {
    type: file.type,
    name: file.name,
    description: file.description,
    titlePrefix: file.title_prefix,
    severity: file.severity,
    team: file.team ?? null,
    tasks: file.tasks.map((t) => ({ title: t.title, description: t.description, dueSeconds: t.due ?? null })),
  };
}

/** The title with the template's prefix, unless the operator already typed it. */
export function templatedTitle(template: Pick<IncidentTemplate, 'titlePrefix'>, title: string): string {
  const prefix = template.titlePrefix;
  if (prefix === '' || title.toLowerCase().startsWith(prefix.trim().toLowerCase())) return title;
  return `${prefix}${title}`.slice(0, 300);
}

/** Each template task with its due time counted from when the incident opened. */
export function templateTasks(template: IncidentTemplate, openedAt: string) {
  const start = Date.parse(openedAt);
  return template.tasks.map((t) => ({
    title: t.title,
    description: t.description,
    due: t.dueSeconds === null ? null : new Date(start + t.dueSeconds * 1000).toISOString(),
  }));
}

// ---- overview ---------------------------------------------------------------------------------------------------

/** The incidents card of the overview: open cases by severity and those past an SLA target. */
export const IncidentsSummary = z.object({
  open: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
  slaBreached: z.number(),
  /** The breached open cases, most severe first (at most 10). */
  breached: z.array(
    z.object({
      id: z.string(),
      ref: z.string(),
      title: z.string(),
      severity: IncidentSeverity,
      targets: z.array(z.string()),
    }),
  ),
  /** Open personal-data breaches whose authority notification is still owed. */
  breachNotificationsDue: z.number(),
});
export type IncidentsSummary = z.infer<typeof IncidentsSummary>;
