import type { AuditEntry } from '@citysoc/core';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useAdminContext } from './admin-context.ts';
import { AuditVerifyPanel } from './AuditVerifyPanel.tsx';
import { useAuditPages } from './use-audit-pages.ts';

/** "key: value" pairs of an entry's details, for a one-line summary. Values are JSON, rendered as text. */
function summarizeDetails(details: AuditEntry['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function AuditSection() {
  const { departmentName } = useAdminContext();
  const audit = useAuditPages();

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <AuditVerifyPanel />
      <div className="toolbar">
        <button type="button" onClick={audit.reloadNewest} disabled={audit.loading}>
          Refresh
        </button>
        <span className="muted">{audit.entries.length.toLocaleString()} entries shown, newest first</span>
      </div>
      <ErrorMessage error={audit.error} />
      {audit.entries.length === 0 && !audit.loading ? (
        <p className="empty-state">No audit entries in your departments.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Seq</th>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Department</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {audit.entries.map((entry) => (
              <tr key={entry.seq}>
                <td className="numeric">{entry.seq}</td>
                <td className="nowrap">{formatDateTime(entry.at)}</td>
                <td>
                  {entry.actorName}
                  {entry.actorKind !== 'user' && <span className="badge">{entry.actorKind}</span>}
                </td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td className="nowrap">
                  <span className="muted">{entry.targetType}</span> <span className="mono">{entry.targetId}</span>
                </td>
                <td>{entry.departmentId === null ? 'City-wide' : departmentName(entry.departmentId)}</td>
                <td className="details" title={summarizeDetails(entry.details)}>
                  {summarizeDetails(entry.details)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="toolbar">
        {audit.hasOlder ? (
          <button type="button" onClick={audit.loadOlder} disabled={audit.loading}>
            Load older
          </button>
        ) : (
          audit.entries.length > 0 && <span className="muted">Start of the log reached.</span>
        )}
        {audit.loading && <span className="muted">Loading…</span>}
      </div>
    </section>
  );
}
