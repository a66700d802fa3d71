import { Alert, AlertExplanation } from '@citysoc/core';
import { request } from '../../api/client.ts';
import type { AlertCriteria } from '../../api/endpoints.ts';

const alertList = Alert.array();

/** Which alerts the Alerts page lists: the shared criteria plus city service and ATT&CK tactic. */
export interface AlertQuery extends AlertCriteria {
  /** A city service id: alerts whose event came from an asset supporting it. */
  readonly service?: string;
  /** An ATT&CK tactic (`credential-access`): alerts whose rule carries `attack.<tactic>`. */
  readonly tactic?: string;
}

/** Newest first; `before` (the last alert id of the previous page) pages back to older alerts. */
export function listAlertsBy(query: AlertQuery, limit: number, before?: string): Promise<Alert[]> {
  const params = new URLSearchParams({ limit: String(limit) });
  for (const key of ['status', 'level', 'rule', 'service', 'tactic'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, value);
  }
  if (before !== undefined) params.set('before', before);
  return request('GET', `/api/alerts?${params.toString()}`, (json) => alertList.parse(json));
}

/** "Why it matched": the alert's rule run again on its stored event; needs alerts.read and events.read. */
export function fetchAlertExplanation(id: string): Promise<AlertExplanation> {
  return request('GET', `/api/alerts/${encodeURIComponent(id)}/explanation`, (json) => AlertExplanation.parse(json));
}
