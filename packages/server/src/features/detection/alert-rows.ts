import type { AlertCorrelation, AlertEventSummary, AlertRule } from '@citysoc/core';
import type { CorrelationHit, SigmaRule } from '@citysoc/core/sigma';
import type { Insertable } from 'kysely';
import { v7 as timeOrderedUuid } from 'uuid';
import type { AlertsTable } from '../../platform/db/schema.ts';

/** Contributing event ids kept in a correlation alert; `eventCount` still says how many there were. */
export const MAX_ALERT_EVENT_IDS = 1000;

/** The stored event an alert is raised for (the event that completed it, for a correlation). */
export interface AlertedEvent {
  id: string;
  ts: string;
  source: string;
  department_id: string | null;
  host_name: string | null;
  source_ip: string | null;
  destination_ip: string | null;
  user_name: string | null;
  /** The parsed ECS document, for fields that are not columns (device.id, the city context). */
  document: { device?: { id?: unknown }; citysoc?: { asset_id?: unknown; service_ids?: unknown } };
}

function eventSummary(event: AlertedEvent): AlertEventSummary {
  const deviceId = event.document.device?.id;
  const assetId = event.document.citysoc?.asset_id;
  const serviceIds = event.document.citysoc?.service_ids;
  return {
    assetId: typeof assetId === 'string' ? assetId : null,
    serviceIds: Array.isArray(serviceIds) ? serviceIds.filter((s): s is string => typeof s === 'string') : [],
    source: event.source,
    hostName: event.host_name,
    sourceIp: event.source_ip,
    destinationIp: event.destination_ip,
    userName: event.user_name,
    deviceId: typeof deviceId === 'string' ? deviceId : null,
  };
}

export function alertRow(
  rule: AlertRule,
  event: AlertedEvent,
  at: string,
  departmentId: string | null,
  correlation?: AlertCorrelation,
): Insertable<AlertsTable> {
  return {
    id: timeOrderedUuid(),
    rule_id: rule.id,
    event_id: event.id,
    ts: event.ts,
    created_at: at,
    level: rule.level,
    title: rule.title,
    department_id: departmentId,
    status: 'new',
    status_changed_at: null,
    status_changed_by: null,
    document: JSON.stringify({ rule, event: eventSummary(event), ...(correlation && { correlation }) }),
  };
}

/** The alert of one Sigma rule matching one event. */
export function ruleAlert(rule: SigmaRule, event: AlertedEvent, at: string): Insertable<AlertsTable> {
  const { id, title, level, description, author, references, tags, falsepositives } = rule;
  const metadata = { id, title, level, description, author, references, tags, falsepositives };
  return alertRow(metadata, event, at, event.department_id);
}

/**
 * The alert of one correlation hit, keyed by the correlation and the event that completed it. It belongs to
 * the department of its events when they share one; a correlation across departments (one address probing
 * two utilities) is city-wide (no department), so a department's users never see another's events in it.
 */
export function correlationAlert(
  hit: CorrelationHit,
  completing: AlertedEvent,
  contributing: readonly { id: string; departmentId: string | null }[],
  at: string,
): Insertable<AlertsTable> {
  const { correlation } = hit;
  const departments = new Set([completing.department_id, ...contributing.map((e) => e.departmentId)]);
  const rule: AlertRule = {
    id: correlation.key,
    title: correlation.title,
    level: correlation.level,
    description: correlation.description,
    author: correlation.author,
    references: correlation.references,
    tags: correlation.tags,
    falsepositives: correlation.falsepositives,
  };
  return alertRow(rule, completing, at, departments.size === 1 ? completing.department_id : null, {
    type: correlation.type,
    timespan: correlation.timespan,
    group: hit.group,
    eventIds: contributing.slice(-MAX_ALERT_EVENT_IDS).map((e) => e.id),
    eventCount: hit.events.length,
  });
}
