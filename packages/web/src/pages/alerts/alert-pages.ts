import type { Alert } from '@citysoc/core';
import type { StatusChoice } from './alert-filters.ts';

/**
 * The alerts loaded so far, newest first: the newest page plus any older pages fetched with "Load more".
 * Alert ids are time-ordered, so comparing ids compares creation order; the functions below rely on it.
 */
export interface AlertPages {
  readonly alerts: readonly Alert[];
  /** Whether older alerts may exist beyond the last one loaded. */
  readonly hasMore: boolean;
}

export function firstPage(page: readonly Alert[], pageSize: number): AlertPages {
  return { alerts: page, hasMore: page.length >= pageSize };
}

export function appendOlder(loaded: AlertPages, page: readonly Alert[], pageSize: number): AlertPages {
  return { alerts: [...loaded.alerts, ...page], hasMore: page.length >= pageSize };
}

/**
 * Lays a freshly fetched newest page over what is loaded, for auto-refresh: new alerts appear on top, and
 * the fresh page's alerts replace their loaded copies, so status changes (by anyone) show and alerts that
 * left the filter disappear. Older pages the user loaded are kept as they were. When more alerts arrived
 * than one page holds, the loaded alerts are no longer contiguous with the fresh page and are dropped,
 * rather than showing a list with a silent gap in it.
 */
export function mergeNewest(loaded: AlertPages, fresh: readonly Alert[], pageSize: number): AlertPages {
  const oldestFresh = fresh.at(-1);
  // A short page is every matching alert there is.
  if (oldestFresh === undefined || fresh.length < pageSize) return { alerts: fresh, hasMore: false };
  const newestLoaded = loaded.alerts[0];
  if (newestLoaded === undefined || newestLoaded.id < oldestFresh.id) return { alerts: fresh, hasMore: true };
  const older = loaded.alerts.filter((alert) => alert.id < oldestFresh.id);
  return { alerts: [...fresh, ...older], hasMore: older.length > 0 ? loaded.hasMore : true };
}

/**
 * The list after this session changed an alert's status: an alert that no longer matches the status filter
 * leaves the list at once, without waiting for the next refresh; otherwise it is shown as it now is.
 */
export function applyStatusChange(loaded: AlertPages, updated: Alert, statusFilter: StatusChoice): AlertPages {
  const stillMatches = statusFilter === 'all' || statusFilter === updated.status;
  const alerts = stillMatches
    ? loaded.alerts.map((alert) => (alert.id === updated.id ? updated : alert))
    : loaded.alerts.filter((alert) => alert.id !== updated.id);
  return { ...loaded, alerts };
}
