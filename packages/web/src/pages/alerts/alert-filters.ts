import { AlertStatus } from '@citysoc/core';
import type { AlertCriteria } from '../../api/endpoints.ts';

/**
 * The Alerts page's filters, kept in the address (`?status=…&level=…&rule=…`) so that a filtered queue can
 * be shared and survives a reload. Defaults are left out of the address: `/alerts` is the triage queue.
 */

export type StatusChoice = AlertStatus | 'all';

export const STATUS_CHOICES: readonly { readonly value: StatusChoice; readonly label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'new', label: 'New' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'closed', label: 'Closed' },
];

/** Sigma's levels, most severe first. */
export const ALERT_LEVELS = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** Untriaged alerts are what an analyst opens the page for. */
export const DEFAULT_STATUS: StatusChoice = 'new';

/** The server refuses longer rule ids. */
export const RULE_ID_MAX_LENGTH = 200;

export interface AlertFilter {
  readonly status: StatusChoice;
  /** null: every level. */
  readonly level: AlertLevel | null;
  /** Empty: every rule. */
  readonly rule: string;
}

const STATUS_PARAM = 'status';
const LEVEL_PARAM = 'level';
const RULE_PARAM = 'rule';

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
  };
}

export function alertFilterParams(filter: AlertFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status !== DEFAULT_STATUS) params.set(STATUS_PARAM, filter.status);
  if (filter.level !== null) params.set(LEVEL_PARAM, filter.level);
  if (filter.rule !== '') params.set(RULE_PARAM, filter.rule);
  return params;
}

/** What to ask the server for: "All" and empty fields are sent as no filter at all. */
export function alertCriteria(filter: AlertFilter): AlertCriteria {
  return {
    ...(filter.status === 'all' ? {} : { status: filter.status }),
    ...(filter.level === null ? {} : { level: filter.level }),
    ...(filter.rule === '' ? {} : { rule: filter.rule }),
  };
}
