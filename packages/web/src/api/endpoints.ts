import {
  Alert,
  AlertCounts,
  ApiToken,
  AuditEntry,
  AuditVerification,
  CreatedApiToken,
  Department,
  EventHistogram,
  EventSearchResult,
  IngestRejection,
  IngestStatsSnapshot,
  Overview,
  RoleInfo,
  RuleList,
  RuleTestResult,
  SessionInfo,
  User,
  type AlertStatus,
  type CreateApiToken,
  type CreateDepartment,
  type CreateUser,
  type UpdateUser,
} from '@citysoc/core';
import { ignoreBody, request } from './client.ts';

/**
 * One typed function per server endpoint the dashboard uses. Success bodies are parsed with the same zod
 * schemas the server validates with (from @citysoc/core), so a server/client mismatch fails loudly here.
 */

const departmentList = Department.array();
const userList = User.array();
const tokenList = ApiToken.array();
const auditList = AuditEntry.array();
const roleList = RoleInfo.array();
const rejectionList = IngestRejection.array();
const alertList = Alert.array();

export function login(username: string, password: string): Promise<SessionInfo> {
  return request('POST', '/api/auth/login', (json) => SessionInfo.parse(json), { username, password });
}

export function fetchSession(): Promise<SessionInfo> {
  return request('GET', '/api/auth/session', (json) => SessionInfo.parse(json));
}

export function logout(): Promise<void> {
  return request('POST', '/api/auth/logout', ignoreBody);
}

export function fetchOverview(): Promise<Overview> {
  return request('GET', '/api/overview', (json) => Overview.parse(json));
}

export function listDepartments(): Promise<Department[]> {
  return request('GET', '/api/departments', (json) => departmentList.parse(json));
}

/** `description` may be omitted: the server stores an empty one. */
export function createDepartment(
  input: Omit<CreateDepartment, 'description'> & { description?: string },
): Promise<Department> {
  return request('POST', '/api/departments', (json) => Department.parse(json), input);
}

export function deleteDepartment(id: string): Promise<void> {
  return request('DELETE', `/api/departments/${encodeURIComponent(id)}`, ignoreBody);
}

export function listUsers(): Promise<User[]> {
  return request('GET', '/api/users', (json) => userList.parse(json));
}

/** `departmentIds` is required here although the server defaults it: the form always knows the grants. */
export function createUser(input: CreateUser): Promise<User> {
  return request('POST', '/api/users', (json) => User.parse(json), input);
}

export function updateUser(id: string, changes: UpdateUser): Promise<User> {
  return request('PATCH', `/api/users/${encodeURIComponent(id)}`, (json) => User.parse(json), changes);
}

export function listRoles(): Promise<RoleInfo[]> {
  return request('GET', '/api/roles', (json) => roleList.parse(json));
}

export function listTokens(): Promise<ApiToken[]> {
  return request('GET', '/api/tokens', (json) => tokenList.parse(json));
}

export function createToken(input: CreateApiToken): Promise<CreatedApiToken> {
  return request('POST', '/api/tokens', (json) => CreatedApiToken.parse(json), input);
}

export function revokeToken(id: string): Promise<ApiToken> {
  return request('DELETE', `/api/tokens/${encodeURIComponent(id)}`, (json) => ApiToken.parse(json));
}

/**
 * Newest first; `beforeSeq` pages back to entries older than that sequence number; `target` (`asset:scada-1`)
 * keeps one object's history.
 */
export function listAudit(limit: number, beforeSeq?: number, target?: string): Promise<AuditEntry[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (beforeSeq !== undefined) query.set('before', String(beforeSeq));
  if (target !== undefined) query.set('target', target);
  return request('GET', `/api/audit?${query.toString()}`, (json) => auditList.parse(json));
}

export function verifyAudit(): Promise<AuditVerification> {
  return request('GET', '/api/audit/verify', (json) => AuditVerification.parse(json));
}

/** What to search: `from` is ISO-8601 or relative (`-15m`, `-24h`); omitted means all time. */
export interface EventCriteria {
  readonly query: string;
  readonly from?: string;
}

function eventParams(criteria: EventCriteria): URLSearchParams {
  const params = new URLSearchParams({ query: criteria.query });
  if (criteria.from !== undefined) params.set('from', criteria.from);
  return params;
}

/** Newest first; pass the previous page's `nextCursor` as `cursor` for the next, older page. */
export function searchEvents(criteria: EventCriteria, limit: number, cursor?: string): Promise<EventSearchResult> {
  const params = eventParams(criteria);
  params.set('limit', String(limit));
  if (cursor !== undefined) params.set('cursor', cursor);
  return request('GET', `/api/events?${params.toString()}`, (json) => EventSearchResult.parse(json));
}

/** Only non-empty buckets are returned. Without `from` the server counts the last 24 hours, not all time. */
export function fetchEventHistogram(criteria: EventCriteria): Promise<EventHistogram> {
  return request('GET', `/api/events/histogram?${eventParams(criteria).toString()}`, (json) =>
    EventHistogram.parse(json),
  );
}

export function fetchIngestStats(): Promise<IngestStatsSnapshot> {
  return request('GET', '/api/ingest/stats', (json) => IngestStatsSnapshot.parse(json));
}

/** The newest refused input first. */
export function listIngestRejections(limit: number): Promise<IngestRejection[]> {
  return request('GET', `/api/ingest/rejections?limit=${limit}`, (json) => rejectionList.parse(json));
}

/** Which alerts to list; an omitted field does not filter. */
export interface AlertCriteria {
  readonly status?: AlertStatus;
  readonly level?: string;
  /** A rule's id, matched exactly. */
  readonly rule?: string;
}

/** Newest first; `before` (the last alert id of the previous page) pages back to older alerts. */
export function listAlerts(criteria: AlertCriteria, limit: number, before?: string): Promise<Alert[]> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (criteria.status !== undefined) params.set('status', criteria.status);
  if (criteria.level !== undefined) params.set('level', criteria.level);
  if (criteria.rule !== undefined) params.set('rule', criteria.rule);
  if (before !== undefined) params.set('before', before);
  return request('GET', `/api/alerts?${params.toString()}`, (json) => alertList.parse(json));
}

/** Acknowledges, closes or reopens (`new`) an alert; needs alerts.triage. Answers the alert as it now is. */
export function fetchAlertCounts(): Promise<AlertCounts> {
  return request('GET', '/api/alerts/counts', (json) => AlertCounts.parse(json));
}

export function updateAlertStatus(id: string, status: AlertStatus): Promise<Alert> {
  return request('PATCH', `/api/alerts/${encodeURIComponent(id)}`, (json) => Alert.parse(json), { status });
}

/** The detection rules the server loaded, and the rule files it refused with the reason. */
export function listRules(): Promise<RuleList> {
  return request('GET', '/api/rules', (json) => RuleList.parse(json));
}

/** What to test: Sigma YAML and the events to run it over (`from` is ISO-8601 or relative, e.g. `-24h`). */
export interface RuleTestInput {
  readonly yaml: string;
  readonly from: string;
}

/** Runs a rule over stored events without raising alerts; needs alerts.read and events.read. */
export function testRule(input: RuleTestInput): Promise<RuleTestResult> {
  return request('POST', '/api/rules/test', (json) => RuleTestResult.parse(json), input);
}
