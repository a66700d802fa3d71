import type { Alert } from '@citysoc/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useLive } from '../../hooks/use-live.ts';
import { useSession } from '../../session/session-context.ts';
import { type AlertFilter, alertCriteria, alertFilterParams, readAlertFilter } from './alert-filters.ts';
import { AlertFilterForm } from './AlertFilterForm.tsx';
import { AlertTable } from './AlertTable.tsx';
import { ALERT_REFRESH_MS, useAlertList } from './use-alert-list.ts';

function countText(shown: number, hasMore: boolean): string {
  const alerts = `${shown.toLocaleString()} ${shown === 1 ? 'alert' : 'alerts'} shown`;
  return hasMore ? `${alerts}, older ones available` : alerts;
}

/**
 * /alerts: the triage queue. Filters live in the address; the list reloads when the server says alerts changed
 * (live stream), and every 10 s in case the stream is down.
 */
export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const filter = readAlertFilter(params);
  const [openId, setOpenId] = useState<string | null>(null);
  // Confirms a triage action: with the "New" filter the alert leaves the list, so the row cannot say it.
  const [notice, setNotice] = useState<string | null>(null);
  const departmentName = useDepartmentName();
  const { can } = useSession();
  const list = useAlertList(alertCriteria(filter));
  useLive(['alerts'], list.refresh);

  const showFilter = (next: AlertFilter): void => {
    const nextParams = alertFilterParams(next);
    if (nextParams.toString() === params.toString()) {
      // The same filter again ("Apply" pressed twice): the user wants fresh results.
      list.refresh();
      return;
    }
    setOpenId(null);
    setNotice(null);
    setParams(nextParams);
  };

  const onChanged = (updated: Alert, done: string): void => {
    list.showStatusChange(updated);
    list.refresh();
    setNotice(`Alert “${updated.title}” ${done}.`);
  };

  const shown = list.alerts.length;
  const updated = list.updatedAt === undefined ? null : new Date(list.updatedAt).toLocaleTimeString();

  return (
    <>
      <div className="page-header">
        <h1>Alerts</h1>
        <p className="page-meta" data-testid="alert-refresh">
          Live (and every {ALERT_REFRESH_MS / 1000} s){updated === null ? '' : ` · updated ${updated}`}
        </p>
        <Link to="/alerts/rules" className="page-meta">
          Detection rules
        </Link>
      </div>
      <AlertFilterForm
        // Re-created when the address changes (back button, "Alerts of this rule"), so the box shows the filter.
        key={params.toString()}
        filter={filter}
        onChange={showFilter}
      />
      <ErrorMessage error={list.error} />
      {notice !== null && (
        <p className="message message-good" role="status" data-testid="alert-notice">
          {notice}
        </p>
      )}
      <div className="toolbar">
        <span aria-live="polite" data-testid="alert-count">
          {list.loading && shown === 0 ? 'Loading…' : countText(shown, list.hasMore)}
        </span>
        {list.loading && shown > 0 && <span className="muted">Loading…</span>}
      </div>
      {shown === 0 ? (
        !list.loading && list.error === undefined && <p className="empty-state">No alerts match these filters.</p>
      ) : (
        <AlertTable
          alerts={list.alerts}
          openId={openId}
          onToggle={(id) => setOpenId((current) => (current === id ? null : id))}
          departmentName={departmentName}
          canTriage={can('alerts.triage')}
          canReadEvents={can('events.read')}
          onChanged={onChanged}
          onFilterRule={(rule) => showFilter({ ...filter, rule })}
          busy={list.loading}
        />
      )}
      {list.hasMore && (
        <div className="toolbar">
          <button type="button" onClick={list.loadMore} disabled={list.loading}>
            Load more
          </button>
        </div>
      )}
    </>
  );
}
