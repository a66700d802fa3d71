import type { StanceChange } from '@citysoc/core';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { formatDateTime } from '../../format.ts';
import { StanceLevelBadge } from './StanceLevelBadge.tsx';

/** How many changes the overview shows: enough to see the last few escalations and how they ended. */
const SHOWN = 10;

interface StanceHistoryTableProps {
  readonly changes: readonly StanceChange[];
  readonly scopeName: (change: StanceChange) => string;
}

/** Recent changes of level across the scopes the user sees, newest first: from → to, when, why, overridden by whom. */
export function StanceHistoryTable({ changes, scopeName }: StanceHistoryTableProps) {
  const recent = [...changes].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, SHOWN);
  const columns: readonly Column<StanceChange>[] = [
    { header: 'When', cell: (change) => formatDateTime(change.at), className: 'nowrap' },
    { header: 'Scope', cell: scopeName },
    {
      header: 'Change',
      cell: (change) => (
        <span className="nowrap">
          {change.from === null ? <span className="muted">first</span> : <StanceLevelBadge level={change.from} />}
          {' → '}
          <StanceLevelBadge level={change.to} />
        </span>
      ),
    },
    {
      header: 'Reasons',
      cell: (change) => (
        <ul className="plain-list">
          {change.reasons.map((reason, index) => (
            <li key={index}>{reason.text}</li>
          ))}
        </ul>
      ),
    },
    {
      header: 'Override',
      cell: (change) =>
        change.override === null ? (
          <span className="muted">—</span>
        ) : (
          <>
            <div>
              by {change.override.by} until {formatDateTime(change.override.until)}
            </div>
            <div className="muted">{change.override.justification}</div>
          </>
        ),
    },
  ];
  return (
    <>
      <h3>Recent changes</h3>
      {recent.length === 0 ? (
        <p className="empty-state">The level has not changed yet.</p>
      ) : (
        <DataTable
          label="Recent stance changes"
          columns={columns}
          rows={recent}
          rowKey={(change, index) => `${change.at}:${index}`}
          rowTestId="stance-history-row"
        />
      )}
    </>
  );
}
