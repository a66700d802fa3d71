import {
  BreachDataset,
  breachNotifyBy,
  Criticality,
  type EvidenceFile,
  type PersonalDataBreach,
  type Incident,
  type IncidentAlertLink,
  type IncidentComment,
  IncidentObservable,
  IncidentPriority,
  IncidentSeverity,
  type IncidentShare,
  IncidentStatus,
  IncidentTask,
  ResolutionKind,
  slaStatus,
  StatusChange,
  type TimelineEntry,
} from '@citysoc/core';
import { z } from 'zod';
import type { EvidenceRow } from './casework.repository.ts';
import type { CommentRow, ObservableRow, TaskRow } from './incident-parts.repository.ts';
import type { AlertLinkRow, IncidentRow, ShareRow, TimelineRow } from './incidents.repository.ts';

const Ids = z.array(z.string());
const History = z.array(StatusChange);
const Data = z.record(z.string(), z.unknown());
const BreachDatasets = z.array(BreachDataset);

/** The datasets a personal-data breach touches, as stored on the row (none before the clock starts). */
export function breachDatasetsOf(row: Pick<IncidentRow, 'breach_datasets'>): BreachDataset[] {
  return row.breach_datasets === null ? [] : BreachDatasets.parse(JSON.parse(row.breach_datasets));
}

export function toPersonalDataBreach(row: IncidentRow): PersonalDataBreach | null {
  if (row.breach_started_at === null) return null;
  return {
    datasets: breachDatasetsOf(row),
    clockStartedAt: row.breach_started_at,
    notifyBy: breachNotifyBy(row.breach_started_at),
    notifiedAt: row.breach_notified_at,
    notifiedBy: row.breach_notified_by,
    authority: row.breach_authority,
    reference: row.breach_reference,
  };
}

/** Names of users and teams, resolved once per request, for the rows that only hold ids. */
export interface Names {
  user(id: string | null): string | null;
  team(id: string | null): string | null;
}

export function incidentRef(number: number): string {
  return `INC-${number}`;
}

/** The parsed JSON columns of an incident row. */
export function incidentLists(row: IncidentRow) {
  return {
    assetIds: Ids.parse(JSON.parse(row.asset_ids)),
    serviceIds: Ids.parse(JSON.parse(row.service_ids)),
    techniques: Ids.parse(JSON.parse(row.techniques)),
    statusHistory: History.parse(JSON.parse(row.status_history)),
  };
}

export function toIncident(row: IncidentRow, alertCount: number, names: Names, now: Date): Incident {
  const lists = incidentLists(row);
  const severity = IncidentSeverity.parse(row.severity);
  const serviceCriticality = Criticality.parse(row.service_criticality);
  const slaFactor = Number(row.sla_factor);
  return {
    id: row.id,
    ref: incidentRef(row.number),
    title: row.title,
    description: row.description,
    severity,
    priority: IncidentPriority.parse(row.priority),
    status: IncidentStatus.parse(row.status),
    departmentId: row.department_id,
    assigneeId: row.assignee_id,
    assigneeName: names.user(row.assignee_id),
    teamId: row.team_id,
    teamName: names.team(row.team_id),
    ...lists,
    serviceCriticality,
    alertCount,
    resolution:
      row.resolution_kind === null
        ? null
        : { kind: ResolutionKind.parse(row.resolution_kind), summary: row.resolution_summary ?? '' },
    slaFactor,
    sla: slaStatus(
      { createdAt: row.created_at, severity, serviceCriticality, slaFactor, statusHistory: lists.statusHistory },
      now,
    ),
    type: row.type,
    personalDataBreach: toPersonalDataBreach(row),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

export function toAlertLink(row: AlertLinkRow): IncidentAlertLink {
  return {
    alertId: row.alert_id,
    title: row.title,
    level: row.level,
    ruleId: row.rule_id,
    timestamp: row.alert_ts,
    departmentId: row.department_id,
    linkedAt: row.linked_at,
    linkedBy: row.linked_by,
    reason: row.reason,
  };
}

export function toTask(row: TaskRow, names: Names): IncidentTask {
  return IncidentTask.parse({
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    assigneeId: row.assignee_id,
    assigneeName: names.user(row.assignee_id),
    due: row.due,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  });
}

export function toComment(row: CommentRow): IncidentComment {
  return { id: row.id, body: row.body, authorName: row.author_name, createdAt: row.created_at };
}

export function toObservable(row: ObservableRow): IncidentObservable {
  return IncidentObservable.parse({
    id: row.id,
    type: row.type,
    value: row.value,
    tlp: row.tlp,
    pap: row.pap,
    block: row.blocklisted_at !== null,
    description: row.description,
    createdAt: row.created_at,
    createdBy: row.created_by,
  });
}

export function toShare(row: ShareRow): IncidentShare {
  return { departmentId: row.department_id, reason: row.reason, sharedBy: row.shared_by, sharedAt: row.shared_at };
}

export function toTimelineEntry(row: TimelineRow): TimelineEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    kind: row.kind,
    text: row.text,
    data: Data.parse(JSON.parse(row.data)),
  };
}

export function toEvidenceFile(row: EvidenceRow): EvidenceFile {
  return {
    id: row.id,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}
