import { type IncidentSeverity, severityRank } from '../incidents/lifecycle.ts';
import type { Playbook, PlaybookInput, PlaybookTrigger } from './playbook.ts';
import type { TemplateContext, TemplateValue } from './template.ts';

/**
 * What triggers match and inputs read: the incident as the playbook runner sees it, with the types of its
 * assets (from the city model) and the rules and tags of its alerts (from detection).
 */
export interface PlaybookSubject {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly severity: IncidentSeverity;
  readonly priority: string;
  readonly status: string;
  readonly departmentId: string | null;
  /** The incident's type when the incident templates gave it one. */
  readonly type: string | null;
  readonly assets: readonly { readonly id: string; readonly type: string | null }[];
  readonly serviceIds: readonly string[];
  readonly techniques: readonly string[];
  readonly observables: readonly { readonly type: string; readonly value: string }[];
  readonly alerts: readonly { readonly ruleId: string; readonly tags: readonly string[] }[];
}

/** Why one trigger holds for the subject ("rule ransomware-note, severity ≥ high"), or null when it does not. */
export function matchTrigger(trigger: PlaybookTrigger, subject: PlaybookSubject): string | null {
  const reasons: string[] = [];
  const check = (ok: boolean, reason: string) => {
    if (ok) reasons.push(reason);
    return ok;
  };
  const tags = subject.alerts.flatMap((a) => a.tags.map((t) => t.toLowerCase()));
  const techniques = subject.techniques.map((t) => t.toUpperCase());
  const technique = (id: string) => techniques.some((t) => t === id || t.startsWith(`${id}.`));
  const checks = [
    trigger.rule === undefined ||
      check(
        subject.alerts.some((a) => a.ruleId === trigger.rule),
        `rule ${trigger.rule}`,
      ),
    trigger.tag === undefined ||
      check(
        tags.includes(trigger.tag.toLowerCase()) ||
          (/^attack\.t\d{4}/i.test(trigger.tag) && technique(trigger.tag.slice(7).toUpperCase())),
        `tag ${trigger.tag}`,
      ),
    trigger.technique === undefined || check(technique(trigger.technique), `technique ${trigger.technique}`),
    trigger.severity_at_least === undefined ||
      check(
        severityRank(subject.severity) >= severityRank(trigger.severity_at_least),
        `severity ${subject.severity} ≥ ${trigger.severity_at_least}`,
      ),
    trigger.service === undefined || check(subject.serviceIds.includes(trigger.service), `service ${trigger.service}`),
    trigger.asset_type === undefined ||
      check(
        subject.assets.some((a) => a.type === trigger.asset_type),
        `${trigger.asset_type} affected`,
      ),
    trigger.incident_type === undefined ||
      check(subject.type === trigger.incident_type, `type ${trigger.incident_type}`),
    trigger.department === undefined ||
      check(subject.departmentId === trigger.department, `department ${trigger.department}`),
  ];
  return checks.every(Boolean) ? reasons.join(', ') : null;
}

/** Whether the playbook applies to the incident, and why (the first trigger that holds). */
export function matchPlaybook(
  playbook: Playbook,
  subject: PlaybookSubject,
): { matched: boolean; reason: string | null } {
  for (const trigger of playbook.triggers) {
    const reason = matchTrigger(trigger, subject);
    if (reason !== null) return { matched: true, reason };
  }
  return { matched: false, reason: null };
}

function inputValue(input: PlaybookInput, subject: PlaybookSubject): string | string[] {
  const unique = (values: readonly string[]) => [...new Set(values)];
  switch (input.from) {
    case 'assets':
      return unique(
        subject.assets
          .filter((a) => input.asset_types === undefined || input.asset_types.some((t) => t === a.type))
          .map((a) => a.id),
      );
    case 'services':
      return unique(subject.serviceIds);
    case 'observables':
      return unique(
        subject.observables
          .filter((o) => input.observable_types === undefined || input.observable_types.some((t) => t === o.type))
          .map((o) => o.value),
      );
    case 'techniques':
      return unique(subject.techniques);
    case 'alert_rules':
      return unique(subject.alerts.map((a) => a.ruleId));
    case 'severity':
      return subject.severity;
    case 'priority':
      return subject.priority;
    case 'status':
      return subject.status;
    case 'department':
      return subject.departmentId ?? '';
    case 'title':
      return subject.title;
  }
}

/** The playbook's inputs, taken from the incident when the run starts (the run keeps them as they were). */
export function resolveInputs(playbook: Playbook, subject: PlaybookSubject): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(playbook.inputs).map(([name, input]) => [name, inputValue(input, subject)]));
}

/** The incident as templates read it (`{{incident.title}}`). */
export function incidentContext(subject: PlaybookSubject): TemplateContext {
  return {
    id: subject.id,
    ref: subject.ref,
    title: subject.title,
    severity: subject.severity,
    priority: subject.priority,
    status: subject.status,
    department: subject.departmentId ?? 'city-wide',
    type: subject.type ?? '',
    link: `/incidents/${subject.id}`,
    assets: subject.assets.map((a) => a.id),
    services: [...subject.serviceIds],
    techniques: [...subject.techniques],
  };
}

/** Everything a step's templates and condition may read. */
export function stepContext(parts: {
  incident: TemplateContext;
  inputs: Readonly<Record<string, string | readonly string[]>>;
  item: string | null;
  playbook: Pick<Playbook, 'id' | 'version' | 'title'>;
  run: { id: string; startedBy: string };
}): TemplateContext {
  const inputs: Record<string, TemplateValue> = { ...parts.inputs };
  return {
    incident: parts.incident,
    inputs,
    ...(parts.item !== null && { item: parts.item }),
    playbook: { id: parts.playbook.id, version: parts.playbook.version, title: parts.playbook.title },
    run: { id: parts.run.id, started_by: parts.run.startedBy },
  };
}

/** One step of a run: a playbook step, once per item of its `for_each` list (an empty list gives one, skipped). */
export interface PlannedStep {
  readonly stepId: string;
  readonly position: number;
  readonly item: string | null;
  /** Set when the step has nothing to run over: why it is skipped. */
  readonly skipReason: string | null;
}

export function planSteps(playbook: Playbook, inputs: Readonly<Record<string, string | readonly string[]>>) {
  const planned: PlannedStep[] = [];
  for (const step of playbook.steps) {
    if (step.for_each === undefined) {
      planned.push({ stepId: step.id, position: planned.length, item: null, skipReason: null });
      continue;
    }
    const value = inputs[step.for_each];
    const items = Array.isArray(value) ? value : [];
    if (items.length === 0) {
      planned.push({ stepId: step.id, position: planned.length, item: null, skipReason: `no ${step.for_each}` });
    }
    for (const item of items) planned.push({ stepId: step.id, position: planned.length, item, skipReason: null });
  }
  return planned;
}
