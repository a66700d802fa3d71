import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatContentFileError,
  type IncidentTemplate,
  IncidentTemplateFile,
  InputError,
  parseYamlContent,
  type Principal,
  templateTasks,
  toIncidentTemplate,
  YAML_EXTENSION,
} from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import type { Queryable } from '../../platform/db/database.ts';
import { type ChangeContext, recordIncidentChange } from './incident-changes.ts';
import { insertTask } from './incident-parts.repository.ts';
import type { IncidentRow } from './incidents.repository.ts';
import { listTeams } from './teams.repository.ts';

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(
  new URL('../../../../../content/incidents/templates', import.meta.url),
);

/**
 * The incident templates of `content/incidents/templates/`, one file per incident type. Like the grouping file
 * they are read once at start and a problem stops the start: a template that silently failed to load would open
 * cases without their checklist. Two files of the same type are refused too, naming both.
 */
export function loadIncidentTemplates(dir: string = DEFAULT_TEMPLATES_DIR): IncidentTemplate[] {
  const names = readdirSync(dir)
    .filter((name) => YAML_EXTENSION.test(name))
    .sort();
  const byType = new Map<string, { file: string; template: IncidentTemplate }>();
  for (const name of names) {
    const parsed = parseYamlContent(
      { name, text: readFileSync(path.join(dir, name), 'utf8') },
      IncidentTemplateFile,
      'incident template',
    );
    if ('errors' in parsed) throw new InputError(parsed.errors.map(formatContentFileError).join('; '));
    const earlier = byType.get(parsed.value.type);
    if (earlier) {
      throw new InputError(`${name}: incident type '${parsed.value.type}' is already defined in ${earlier.file}`);
    }
    byType.set(parsed.value.type, { file: name, template: toIncidentTemplate(parsed.value) });
  }
  return [...byType.values()].map((t) => t.template).sort((a, b) => a.name.localeCompare(b.name));
}

/** The template of a type, or InputError naming the types there are. */
export function templateOf(templates: readonly IncidentTemplate[], type: string): IncidentTemplate {
  const template = templates.find((t) => t.type === type);
  if (!template) {
    throw new InputError(`Unknown incident type '${type}' (known: ${templates.map((t) => t.type).join(', ')})`);
  }
  return template;
}

/**
 * The template's team for an incident of `departmentId`: a team of that name the actor sees that may take the
 * incident (city-wide, or of the same department). Null when there is none: the case opens without a team and
 * the timeline says why.
 */
export async function templateTeam(
  db: Queryable,
  actor: Principal,
  template: IncidentTemplate,
  departmentId: string | null,
): Promise<string | null> {
  if (template.team === null) return null;
  const wanted = template.team.toLowerCase();
  const teams = await listTeams(db, actor.departments);
  const team = teams.find(
    (t) => t.name.toLowerCase() === wanted && (t.department_id === null || t.department_id === departmentId),
  );
  return team?.id ?? null;
}

/** Inside the opening change: the template's tasks, due from the opening time, and one timeline entry. */
export async function applyTemplate(
  ctx: ChangeContext,
  row: IncidentRow,
  template: IncidentTemplate,
  team: { requested: string | null; applied: string | null },
): Promise<void> {
  const tasks = templateTasks(template, ctx.at);
  for (const task of tasks) {
    await insertTask(ctx.trx, {
      id: timeOrderedUuid(),
      incident_id: row.id,
      title: task.title,
      description: task.description,
      status: 'todo',
      assignee_id: null,
      due: task.due,
      created_at: ctx.at,
      created_by: ctx.actor.name,
      updated_at: ctx.at,
    });
  }
  const teamNote =
    template.team === null || team.requested !== null
      ? ''
      : team.applied === null
        ? `; no team named '${template.team}' can take this incident`
        : `; team ${template.team}`;
  await recordIncidentChange(ctx, row, {
    action: 'incident.template',
    kind: 'template',
    text: `Template “${template.name}” applied: ${tasks.length} task${tasks.length === 1 ? '' : 's'}${teamNote}`,
    data: { type: template.type, tasks: tasks.length, teamId: team.applied },
  });
}
