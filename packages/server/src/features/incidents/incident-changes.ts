import {
  type Alert,
  alertEntities,
  checkTransition,
  ConflictError,
  type Criticality,
  type IncidentStatus,
  InputError,
  maxSeverity,
  NotFoundError,
  type Principal,
  type ResolutionKind,
  type StatusChange,
} from '@citysoc/core';
import type { Transaction } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { RecordChange } from '../audit/index.ts';
import type { CityModel } from '../inventory/index.ts';
import { incidentLists, incidentRef } from './incident-view.ts';
import {
  appendTimeline,
  findAlertLink,
  findIncident,
  type IncidentRow,
  insertAlertLink,
  updateIncident,
  upsertEntities,
} from './incidents.repository.ts';

/** One audited change in progress: the transaction, the audit recorder, who acts, and the change's time. */
export interface ChangeContext {
  readonly trx: Transaction<Database>;
  readonly record: RecordChange;
  readonly actor: Principal;
  readonly at: string;
}

/** The incident within the actor's departments, or NotFoundError (never "forbidden": no existence leak). */
export async function visibleIncident(db: Queryable, actor: Principal, id: string): Promise<IncidentRow> {
  const row = await findIncident(db, actor.departments, id);
  if (!row) throw new NotFoundError(`Incident '${id}' not found`);
  return row;
}

/**
 * The one way a change reaches an incident's history: a timeline entry everyone on the case sees and an audit
 * record for the tamper-evident log, in the same transaction as the change. Later features (playbooks,
 * notifications, evidence) write their entries through here with kinds of their own.
 */
export async function recordIncidentChange(
  ctx: ChangeContext,
  incident: Pick<IncidentRow, 'id' | 'number' | 'department_id'>,
  change: {
    action: string;
    kind: string;
    text: string;
    data?: Record<string, unknown>;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await appendTimeline(ctx.trx, [
    {
      incident_id: incident.id,
      at: ctx.at,
      actor: ctx.actor.name,
      kind: change.kind,
      text: change.text,
      data: JSON.stringify(change.data ?? {}),
    },
  ]);
  ctx.record({
    action: change.action,
    targetType: 'incident',
    targetId: incident.id,
    departmentId: incident.department_id,
    details: { ref: incidentRef(incident.number), ...(change.details ?? change.data ?? {}) },
  });
}

/**
 * The one function that changes an incident's phase: checks the transition table (and the reason or
 * resolution it needs), appends to the status history the SLA clocks read, and records the change.
 */
export async function changeStatus(
  ctx: ChangeContext,
  row: IncidentRow,
  to: IncidentStatus,
  options: { reason?: string | undefined; resolution?: { kind: ResolutionKind; summary: string } | undefined },
): Promise<void> {
  const from = row.status as IncidentStatus;
  checkTransition(from, to, { reason: options.reason, resolutionSummary: options.resolution?.summary });
  const history: StatusChange[] = [...incidentLists(row).statusHistory, { at: ctx.at, to }];
  const closing = to === 'closed';
  const reopening = from === 'closed';
  await updateIncident(ctx.trx, row.id, {
    status: to,
    status_history: JSON.stringify(history),
    updated_at: ctx.at,
    ...(closing && {
      closed_at: ctx.at,
      resolution_kind: options.resolution?.kind ?? null,
      resolution_summary: options.resolution?.summary ?? null,
    }),
    ...(reopening && { closed_at: null, resolution_kind: null, resolution_summary: null }),
  });
  const because = options.reason ? `: ${options.reason}` : '';
  const resolved = closing && options.resolution ? ` (${options.resolution.kind}): ${options.resolution.summary}` : '';
  await recordIncidentChange(ctx, row, {
    action: reopening ? 'incident.reopen' : closing ? 'incident.close' : 'incident.status',
    kind: 'status',
    text: `Status ${from} → ${to}${because}${resolved}`,
    data: {
      from,
      to,
      ...(options.reason && { reason: options.reason }),
      ...(closing && { resolution: options.resolution }),
    },
  });
}

/** ATT&CK technique ids from Sigma tags (`attack.t1059.001` → `T1059.001`). */
export function techniquesOf(tags: readonly string[]): string[] {
  return tags.flatMap((tag) => {
    const match = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
    return match?.[1] ? [match[1].toUpperCase()] : [];
  });
}

/** The highest criticality among the services the city model knows; 'low' when none is known. */
export function criticalityOf(model: CityModel, serviceIds: readonly string[]): Criticality {
  const known = serviceIds.flatMap((id) => {
    const service = model.services.get(id);
    return service ? [service.criticality] : [];
  });
  return maxSeverity(known, 'low');
}

/**
 * Links alerts to an incident: each alert belongs to at most one incident, and only to one of its own
 * department or a city-wide one, so no department sees another's alert through a case. The alerts' assets,
 * services, techniques and entities join the incident's (entities feed the automatic grouping). Already
 * linked to this incident: skipped, so a retry changes nothing.
 */
export async function linkAlerts(
  ctx: ChangeContext,
  row: IncidentRow,
  alerts: readonly Alert[],
  link: { reason: string; kind: 'alert' | 'grouped'; model: CityModel },
): Promise<string[]> {
  const lists = incidentLists(row);
  const assets = new Set(lists.assetIds);
  const services = new Set(lists.serviceIds);
  const techniques = new Set(lists.techniques);
  const linked: string[] = [];
  for (const alert of alerts) {
    const existing = await findAlertLink(ctx.trx, alert.id);
    if (existing?.incident_id === row.id) continue;
    if (existing) throw new ConflictError(`Alert '${alert.id}' already belongs to another incident`);
    if (row.department_id !== null && alert.departmentId !== row.department_id) {
      throw new InputError(
        `Alert '${alert.id}' is ${alert.departmentId === null ? 'city-wide' : `of department '${alert.departmentId}'`}` +
          ` and cannot join an incident of department '${row.department_id}'`,
      );
    }
    await insertAlertLink(ctx.trx, {
      alert_id: alert.id,
      incident_id: row.id,
      title: alert.title,
      level: alert.level,
      rule_id: alert.rule.id,
      alert_ts: alert.timestamp,
      department_id: alert.departmentId,
      linked_at: ctx.at,
      linked_by: ctx.actor.name,
      reason: link.reason,
    });
    await upsertEntities(
      ctx.trx,
      row.id,
      alertEntities(alert.event).map((e) => ({ ...e, lastSeen: alert.timestamp })),
    );
    if (alert.event.assetId !== null) assets.add(alert.event.assetId);
    for (const id of alert.event.serviceIds) services.add(id);
    for (const id of techniquesOf(alert.rule.tags)) techniques.add(id);
    linked.push(alert.id);
    await recordIncidentChange(ctx, row, {
      action: link.kind === 'grouped' ? 'incident.group_alert' : 'incident.link_alert',
      kind: link.kind,
      text: `Alert “${alert.title}” linked: ${link.reason}`,
      data: { alertId: alert.id, level: alert.level, reason: link.reason },
    });
  }
  if (linked.length > 0) {
    await updateIncident(ctx.trx, row.id, {
      asset_ids: JSON.stringify([...assets]),
      service_ids: JSON.stringify([...services]),
      techniques: JSON.stringify([...techniques].sort()),
      service_criticality: criticalityOf(link.model, [...services]),
      updated_at: ctx.at,
    });
  }
  return linked;
}
