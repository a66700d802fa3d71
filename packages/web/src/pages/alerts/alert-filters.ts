import { AlertStatus } from '@citysoc/core';
import type { AlertQuery } from './alerts-api.ts';

/**
 * The Alerts page's filters, kept in the address (`?status=…&level=…&rule=…&service=…&tactic=…`) so that a
 * filtered queue can be shared and survives a reload. Defaults are left out of the address: `/alerts` is the
 * triage queue.
 */

export type StatusChoice = AlertStatus | 'all';

export const STATUS_CHOICES: readonly { readonly value: StatusChoice; readonly label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'new', label: 'New' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'escalated', label: 'Escalated to an incident' },
  { value: 'closed', label: 'Closed' },
];

/** Sigma's levels, most severe first. */
export const ALERT_LEVELS = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** Untriaged alerts are what an analyst opens the page for. */
export const DEFAULT_STATUS: StatusChoice = 'new';

/** The server refuses longer rule ids. */
export const RULE_ID_MAX_LENGTH = 200;

/**
 * The ATT&CK tactics, in kill-chain order: Enterprise first, then those only ICS has. Rules name them as Sigma
 * tags (`attack.credential-access`); the value is what follows `attack.`.
 */
export const ATTACK_TACTICS: readonly { readonly value: string; readonly label: string }[] = [
  { value: 'reconnaissance', label: 'Reconnaissance' },
  { value: 'resource-development', label: 'Resource development' },
  { value: 'initial-access', label: 'Initial access' },
  { value: 'execution', label: 'Execution' },
  { value: 'persistence', label: 'Persistence' },
  { value: 'privilege-escalation', label: 'Privilege escalation' },
  { value: 'defense-evasion', label: 'Defense evasion' },
  { value: 'credential-access', label: 'Credential access' },
  { value: 'discovery', label: 'Discovery' },
  { value: 'lateral-movement', label: 'Lateral movement' },
  { value: 'collection', label: 'Collection' },
  { value: 'command-and-control', label: 'Command and control' },
  { value: 'exfiltration', label: 'Exfiltration' },
  { value: 'impact', label: 'Impact' },
  { value: 'evasion', label: 'Evasion (ICS)' },
  { value: 'inhibit-response-function', label: 'Inhibit response function (ICS)' },
  { value: 'impair-process-control', label: 'Impair process control (ICS)' },
];

/** What the server accepts as a service id (AlertListRequest). */
const SERVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export interface AlertFilter {
  readonly status: StatusChoice;
  /** null: every level. */
  readonly level: AlertLevel | null;
  /** Empty: every rule. */
  readonly rule: string;
  /** A city service id; empty: every service. */
  readonly service: string;
  /** An ATT&CK tactic (ATTACK_TACTICS); empty: every tactic. */
  readonly tactic: string;
}

const STATUS_PARAM = 'status';
const LEVEL_PARAM = 'level';
const RULE_PARAM = 'rule';
const SERVICE_PARAM = 'service';
const TACTIC_PARAM = 'tactic';

export function isAttackTactic(value: string | null): value is string {
  return ATTACK_TACTICS.some((tactic) => tactic.value === value);
}

export function isAlertLevel(value: string | null): value is AlertLevel {
  return ALERT_LEVELS.some((level) => level === value);
}

/** The filters named in an address; an unknown value (an old or edited link) falls back to its default. */
export function readAlertFilter(params: URLSearchParams): AlertFilter {
  const status = params.get(STATUS_PARAM);
  const parsed = AlertStatus.safeParse(status);
  const level = params.get(LEVEL_PARAM);
  return {
    status: parsed.success ? parsed.data : status === 'all' ? 'all' : DEFAULT_STATUS,
    level: isAlertLevel(level) ? level : null,
    rule: (params.get(RULE_PARAM) ?? '').trim().slice(0, RULE_ID_MAX_LENGTH),
    service: SERVICE_ID.test(params.get(SERVICE_PARAM) ?? '') ? (params.get(SERVICE_PARAM) ?? '') : '',
    tactic: isAttackTactic(params.get(TACTIC_PARAM)) ? (params.get(TACTIC_PARAM) ?? '') : '',
  };
}

export function alertFilterParams(filter: AlertFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status !== DEFAULT_STATUS) params.set(STATUS_PARAM, filter.status);
  if (filter.level !== null) params.set(LEVEL_PARAM, filter.level);
  if (filter.rule !== '') params.set(RULE_PARAM, filter.rule);
  if (filter.service !== '') params.set(SERVICE_PARAM, filter.service);
  if (filter.tactic !== '') params.set(TACTIC_PARAM, filter.tactic);
  return params;
}

/** What to ask the server for: "All" and empty fields are sent as no filter at all. */
export function alertCriteria(filter: AlertFilter): AlertQuery {
  return {
    ...(filter.status === 'all' ? {} : { status: filter.status }),
    ...(filter.level === null ? {} : { level: filter.level }),
    ...(filter.rule === '' ? {} : { rule: filter.rule }),
    ...(filter.service === '' ? {} : { service: filter.service }),
    ...(filter.tactic === '' ? {} : { tactic: filter.tactic }),
  };
}
