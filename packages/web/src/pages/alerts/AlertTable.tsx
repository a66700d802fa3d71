import type { Alert } from '@citysoc/core';
import { Fragment } from 'react';
import { formatDateTime } from '../../format.ts';
import { describeAlertEndpoints } from './alert-display.ts';
import { LevelBadge, StatusBadge } from './AlertBadges.tsx';
import { AlertDetail } from './AlertDetail.tsx';

interface AlertTableProps {
  readonly alerts: readonly Alert[];
  /** The alert whose detail is open, if any. */
  readonly openId: string | null;
  readonly onToggle: (id: string) => void;
  readonly departmentName: (id: string) => string;
  readonly canTriage: boolean;
  readonly canReadEvents: boolean;
  readonly onChanged: (updated: Alert, done: string) => void;
  readonly onFilterRule: (ruleId: string) => void;
  readonly busy: boolean;
}

const COLUMNS = 6;

/** Alerts, newest first; a row opens its alert's detail underneath it. */
export function AlertTable({
  alerts,
  openId,
  onToggle,
  departmentName,
  canTriage,
  canReadEvents,
  onChanged,
  onFilterRule,
  busy,
}: AlertTableProps) {
  return (
    <table className="table alert-table" aria-busy={busy} aria-label="Alerts">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Level</th>
          <th scope="col">Title</th>
          <th scope="col">Department</th>
          <th scope="col">Host / device / IP</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => {
          const open = alert.id === openId;
          const detailId = `alert-${alert.id}-detail`;
          return (
            <Fragment key={alert.id}>
              <tr
                className={open ? 'event-row event-row-open' : 'event-row'}
                data-testid="alert-row"
                data-alert-id={alert.id}
                // The whole row is a mouse target; keyboard and screen-reader users get the button in it.
                onClick={() => onToggle(alert.id)}
              >
                <td className="nowrap">
                  <button
                    type="button"
                    className="row-toggle"
                    aria-expanded={open}
                    aria-controls={open ? detailId : undefined}
                    title={`Event time ${alert.timestamp}`}
                    onClick={(click) => {
                      // The row's own handler would toggle a second time.
                      click.stopPropagation();
                      onToggle(alert.id);
                    }}
                  >
                    <span aria-hidden="true" className="row-toggle-icon">
                      {open ? '▾' : '▸'}
                    </span>
                    {formatDateTime(alert.timestamp)}
                  </button>
                </td>
                <td>
                  <LevelBadge level={alert.level} />
                </td>
                <td className="alert-title">{alert.title}</td>
                <td>{alert.departmentId === null ? 'City-wide' : departmentName(alert.departmentId)}</td>
                <td className="mono nowrap">{describeAlertEndpoints(alert.event)}</td>
                <td>
                  <StatusBadge status={alert.status} />
                </td>
              </tr>
              {open && (
                <tr className="event-detail-row" id={detailId}>
                  <td colSpan={COLUMNS}>
                    <AlertDetail
                      alert={alert}
                      departmentName={departmentName}
                      canTriage={canTriage}
                      canReadEvents={canReadEvents}
                      onChanged={onChanged}
                      onFilterRule={onFilterRule}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
