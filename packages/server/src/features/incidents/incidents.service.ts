import {
  type Alert,
  type Assignee,
  canSeeDepartment,
  CreateIncident,
  type DatasetPlacement,
  type Incident,
  type IncidentBrief,
  type IncidentDetail,
  type IncidentListRequest,
  type IncidentTemplate,
  type IncidentSeverity,
  InputError,
  maxSeverity,
  type Principal,
  priorityFor,
  requirePermission,
  severityOfAlertLevel,
  SYSTEM_PRINCIPAL,
  templatedTitle,
  UpdateIncident,
  userPrincipal,
  hasPermission,
  slaStateOf,
  validSlaFactor,
} from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import { constraintViolation } from '../../platform/db/constraint-errors.ts';
import type { CityModel } from '../inventory/index.ts';
import {
  type ChangeContext,
  changeStatus,
  criticalityOf,
  linkAlerts,
  recordIncidentChange,
  visibleIncident,
} from './incident-changes.ts';
import { createIncidentKit, type IncidentKit, type IncidentsDeps } from './incident-kit.ts';
import { createIncidentWork } from './incident-work.ts';
import { incidentLists, toIncident } from './incident-view.ts';
import { applyBreachClock, createBreachNotifications } from './incident-breach.ts';
import { createIncidentEvidence } from './incident-evidence.ts';
import { createIncidentShares } from './incident-shares.ts';
import { createIncidentSummary } from './incident-summary.ts';
import { applyTemplate, templateOf, templateTeam } from './incident-templates.ts';
import {
  alertCounts,
  type IncidentRow,
  insertIncident,
  listIncidents,
  nextIncidentNumber,
  updateIncident,
} from './incidents.repository.ts';

/** What opening an incident needs once the request is checked (the API's create and the grouping share it). */
interface OpenSpec {
  title: string;
  description: string;
  severity: IncidentSeverity;
  priority: 'P1' | 'P2' | 'P3' | 'P4' | undefined;
  departmentId: string | null;
  assigneeId: string | null;
  teamId: string | null;
  assetIds: string[];
  serviceIds: string[];
  techniques: string[];
  alerts: readonly Alert[];
  reason: string;
  kind: 'alert' | 'grouped';
  /** The template type applied, if any. */
  type?: string | null;
  /** The catalogue's personal datasets, read before the change: the breach clock may start with the case. */
  personalData: readonly DatasetPlacement[];
}

function translateWriteError(error: unknown): never {
  if (constraintViolation(error) === 'foreign_key') throw new InputError('The department does not exist');
  throw error;
}

/**
 * The department of a new incident: the one asked for (within the actor's scope), else the alerts' shared
 * department, else the actor's only department. City-wide (null) only for city-wide principals, since no one
 * else could see the case afterwards.
 */
function chooseDepartment(actor: Principal, requested: string | null | undefined, alerts: readonly Alert[]) {
  if (requested === null || (requested === undefined && actor.departments.all && alerts.length === 0)) {
    if (!actor.departments.all) throw new InputError('Only city-wide roles may open a city-wide incident');
    return null;
  }
  if (requested !== undefined) {
    if (!canSeeDepartment(actor, requested)) throw new InputError(`Department '${requested}' not found`);
    return requested;
  }
  const departments = new Set(alerts.map((a) => a.departmentId));
  if (departments.size === 1) return [...departments][0] ?? null;
  if (departments.size > 1) {
    if (actor.departments.all) return null;
    throw new InputError("The alerts belong to several departments: choose the incident's department");
  }
  if (!actor.departments.all && actor.departments.ids.length === 1) return actor.departments.ids[0] ?? null;
  throw new InputError("Choose the incident's department");
}

/** Assets and services named by hand must exist and be visible to the actor. */
function requireKnown(actor: Principal, model: CityModel, assetIds: readonly string[], serviceIds: readonly string[]) {
  for (const id of assetIds) {
    const asset = model.assets.get(id);
    if (!asset || !canSeeDepartment(actor, asset.department)) throw new InputError(`Asset '${id}' not found`);
  }
  for (const id of serviceIds) {
    const service = model.services.get(id);
    if (!service || !canSeeDepartment(actor, service.department)) throw new InputError(`Service '${id}' not found`);
  }
}

/** Opens an incident inside an audited change and links its alerts. Returns the new row. */
export async function openIncident(kit: IncidentKit, ctx: ChangeContext, spec: OpenSpec, model: CityModel) {
  const number = await nextIncidentNumber(ctx.trx);
  const alertServices = spec.alerts.flatMap((a) => a.event.serviceIds);
  const criticality = criticalityOf(model, [...spec.serviceIds, ...alertServices]);
  const row: IncidentRow = {
    id: timeOrderedUuid(),
    number,
    title: spec.title,
    description: spec.description,
    severity: spec.severity,
    priority: spec.priority ?? priorityFor(spec.severity, criticality),
    status: 'new',
    department_id: spec.departmentId,
    assignee_id: spec.assigneeId,
    team_id: spec.teamId,
    service_criticality: criticalityOf(model, spec.serviceIds),
    sla_factor: validSlaFactor(kit.slaFactor(spec.departmentId)),
    asset_ids: JSON.stringify([...new Set(spec.assetIds)]),
    service_ids: JSON.stringify([...new Set(spec.serviceIds)]),
    techniques: JSON.stringify([...new Set(spec.techniques)].sort()),
    status_history: '[]',
    resolution_kind: null,
    resolution_summary: null,
    created_at: ctx.at,
    created_by: ctx.actor.name,
    updated_at: ctx.at,
    closed_at: null,
    type: spec.type ?? null,
    breach_datasets: null,
    breach_started_at: null,
    breach_notified_at: null,
    breach_notified_by: null,
    breach_authority: null,
    breach_reference: null,
  };
  try {
    await insertIncident(ctx.trx, row);
  } catch (error) {
    translateWriteError(error);
  }
  await recordIncidentChange(ctx, row, {
    action: 'incident.create',
    kind: 'created',
    text: `Incident opened (${row.severity}, ${row.priority})${spec.kind === 'grouped' ? `: ${spec.reason}` : ''}`,
    data: { severity: row.severity, priority: row.priority, departmentId: row.department_id },
    details: { title: row.title, severity: row.severity, departmentId: row.department_id },
  });
  await linkAlerts(ctx, row, spec.alerts, { reason: spec.reason, kind: spec.kind, model });
  await applyBreachClock(ctx, row.id, spec.personalData);
  return row;
}

/** A readable list of what a PATCH changed, for the timeline. */
function describeChanges(before: IncidentRow, changes: Record<string, unknown>, names: (id: string | null) => string) {
  const parts: string[] = [];
  const show = (label: string, from: unknown, to: unknown) => parts.push(`${label} ${String(from)} → ${String(to)}`);
  if ('title' in changes) parts.push('title changed');
  if ('description' in changes) parts.push('description changed');
  if ('severity' in changes) show('severity', before.severity, changes.severity);
  if ('priority' in changes) show('priority', before.priority, changes.priority);
  if ('assignee_id' in changes) {
    show('assignee', names(before.assignee_id), names((changes.assignee_id as string | null) ?? null));
  }
  if ('team_id' in changes) parts.push('team changed');
  if ('asset_ids' in changes) parts.push('affected assets changed');
  if ('service_ids' in changes) parts.push('affected services changed');
  if ('techniques' in changes) parts.push('ATT&CK techniques changed');
  return parts.join('; ');
}

/**
 * Incident cases: opening (by hand or by escalating alerts), the queue, the case view, edits and phase changes.
 * Every change is one audited transaction that also writes the case's timeline, then announced on the bus.
 * Department scoping follows the other features: out-of-scope cases are "not found".
 */
export function createIncidentsService(deps: IncidentsDeps) {
  const kit = createIncidentKit(deps);
  const { store, city } = deps;

  async function create(actor: Principal, input: unknown): Promise<IncidentDetail> {
    requirePermission(actor, 'incidents.manage');
    const request = CreateIncident.parse(input);
    const template = request.type === undefined ? null : templateOf(kit.templates, request.type);
    const alerts = await kit.loadAlerts(actor, request.alertIds);
    const departmentId = chooseDepartment(actor, request.departmentId, alerts);
    if (request.assigneeId) await kit.requireAssignable(request.assigneeId, departmentId);
    if (request.teamId) await kit.requireTeam(actor, request.teamId, departmentId);
    const model = await city.current();
    requireKnown(actor, model, request.assetIds, request.serviceIds);
    const fromAlerts = alerts.map((a) => severityOfAlertLevel(a.level));
    const teamOfTemplate =
      template && request.teamId === undefined ? await templateTeam(store.db, actor, template, departmentId) : null;
    const personalData = await kit.personalData();
    const row = await kit.transact(actor, async (ctx) => {
      const opened = await openIncident(
        kit,
        ctx,
        {
          title: template ? templatedTitle(template, request.title) : request.title,
          description: request.description,
          severity:
            request.severity ?? template?.severity ?? (alerts.length > 0 ? maxSeverity(fromAlerts, 'low') : 'medium'),
          priority: request.priority,
          departmentId,
          assigneeId: request.assigneeId ?? null,
          teamId: request.teamId ?? teamOfTemplate,
          assetIds: request.assetIds,
          serviceIds: request.serviceIds,
          techniques: request.techniques,
          alerts,
          reason: `escalated by ${actor.name}`,
          kind: 'alert',
          type: template?.type ?? null,
          personalData,
        },
        model,
      );
      if (template) {
        await applyTemplate(ctx, opened, template, { requested: request.teamId ?? null, applied: teamOfTemplate });
      }
      return opened;
    });
    await kit.markEscalated(
      actor,
      alerts.map((a) => a.id),
    );
    await kit.changed(row.id);
    return kit.detail(actor, row.id);
  }

  async function update(actor: Principal, id: string, input: unknown): Promise<IncidentDetail> {
    requirePermission(actor, 'incidents.manage');
    const request = UpdateIncident.parse(input);
    if (request.resolution && request.status !== 'closed')
      throw new InputError('A resolution is given only when closing');
    if (request.reason && request.status === undefined) throw new InputError('A reason explains a status change');
    const current = await visibleIncident(store.db, actor, id);
    if (request.assigneeId) await kit.requireAssignable(request.assigneeId, current.department_id);
    if (request.teamId) await kit.requireTeam(actor, request.teamId, current.department_id);
    const model = await city.current();
    requireKnown(actor, model, request.assetIds ?? [], request.serviceIds ?? []);
    const names = await kit.names();
    const affectedChanged = request.assetIds !== undefined || request.serviceIds !== undefined;
    const personalData = affectedChanged ? await kit.personalData() : [];
    await kit.transact(actor, async (ctx) => {
      const row = await visibleIncident(ctx.trx, actor, id);
      const lists = incidentLists(row);
      const changes: Record<string, string | number | null> = {};
      const set = (column: keyof IncidentRow, value: string | null | undefined, was: string | null) => {
        if (value !== undefined && value !== was) changes[column] = value;
      };
      set('title', request.title, row.title);
      set('description', request.description, row.description);
      set('severity', request.severity, row.severity);
      set('priority', request.priority, row.priority);
      set('assignee_id', request.assigneeId, row.assignee_id);
      set('team_id', request.teamId, row.team_id);
      const list = (column: keyof IncidentRow, value: string[] | undefined, was: string[], sort = false) => {
        if (value === undefined) return;
        const next = JSON.stringify(sort ? [...new Set(value)].sort() : [...new Set(value)]);
        if (next !== JSON.stringify(was)) changes[column] = next;
      };
      list('asset_ids', request.assetIds, lists.assetIds);
      list('service_ids', request.serviceIds, lists.serviceIds);
      list('techniques', request.techniques, lists.techniques, true);
      if (request.serviceIds !== undefined) changes.service_criticality = criticalityOf(model, request.serviceIds);
      const text = describeChanges(row, changes, (user) => names.user(user) ?? 'nobody');
      if (text !== '') {
        await updateIncident(ctx.trx, row.id, { ...changes, updated_at: ctx.at });
        await recordIncidentChange(ctx, row, {
          action: 'incident.update',
          kind: 'field',
          text: text.charAt(0).toUpperCase() + text.slice(1),
          data: { fields: Object.keys(changes) },
        });
        if (affectedChanged) await applyBreachClock(ctx, row.id, personalData);
      }
      if (request.status !== undefined) {
        const fresh = await visibleIncident(ctx.trx, actor, id);
        await changeStatus(ctx, fresh, request.status, { reason: request.reason, resolution: request.resolution });
      }
    });
    await kit.changed(id);
    return kit.detail(actor, id);
  }

  return {
    ...createIncidentWork(kit),
    ...createBreachNotifications(kit),
    ...createIncidentEvidence(kit),
    ...createIncidentShares(kit),
    ...createIncidentSummary(kit),

    /** The incident types operators can open a case with, and what each pre-fills. */
    templates(actor: Principal): IncidentTemplate[] {
      requirePermission(actor, 'incidents.read');
      return [...kit.templates];
    },

    async list(actor: Principal, request: IncidentListRequest): Promise<Incident[]> {
      requirePermission(actor, 'incidents.read');
      // The SLA state is computed, not stored: with that filter, read more rows and filter them here.
      const rows = await listIncidents(
        store.db,
        actor.departments,
        request.sla === undefined ? request : { ...request, limit: 1000 },
      );
      const [counts, names] = await Promise.all([
        alertCounts(
          store.db,
          rows.map((r) => r.id),
        ),
        kit.names(),
      ]);
      const now = kit.now();
      const incidents = rows.map((row) => toIncident(row, counts.get(row.id) ?? 0, names, now));
      if (request.sla === undefined) return incidents;
      return incidents.filter((i) => slaStateOf(i.sla) === request.sla).slice(0, request.limit);
    },

    async get(actor: Principal, id: string): Promise<IncidentDetail> {
      requirePermission(actor, 'incidents.read');
      return kit.detail(actor, id);
    },

    /** The incident as automation reads it (see IncidentBrief), with its first `alertLimit` alert links. */
    async brief(actor: Principal, id: string, alertLimit: number): Promise<IncidentBrief> {
      requirePermission(actor, 'incidents.read');
      return kit.brief(actor, id, alertLimit);
    },

    create,
    update,

    /** Escalates more alerts to an existing incident; each is marked `escalated`. */
    async linkAlerts(actor: Principal, id: string, alertIds: readonly string[]): Promise<IncidentDetail> {
      requirePermission(actor, 'incidents.manage');
      const alerts = await kit.loadAlerts(actor, alertIds);
      const model = await city.current();
      const personalData = await kit.personalData();
      const linked = await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, id);
        const ids = await linkAlerts(ctx, row, alerts, { reason: `escalated by ${actor.name}`, kind: 'alert', model });
        if (ids.length > 0) await applyBreachClock(ctx, row.id, personalData);
        return ids;
      });
      await kit.markEscalated(actor, linked);
      if (linked.length > 0) await kit.changed(id);
      return kit.detail(actor, id);
    },

    /** People the incident can be assigned to: active users who may work incidents of its department. */
    async assignees(actor: Principal, id: string): Promise<Assignee[]> {
      requirePermission(actor, 'incidents.read');
      const row = await visibleIncident(store.db, actor, id);
      const users = await deps.users.list(SYSTEM_PRINCIPAL);
      return users
        .filter((user) => {
          const principal = userPrincipal(user);
          return (
            !user.disabled &&
            hasPermission(principal, 'incidents.manage') &&
            canSeeDepartment(principal, row.department_id)
          );
        })
        .map((user) => ({ id: user.id, username: user.username, displayName: user.displayName }));
    },

    /** The kit, for the grouping consumer built beside this service. */
    kit,
  };
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;
