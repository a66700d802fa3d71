import { useState } from 'react';
import { Link } from 'react-router';
import { decideApproval, listApprovals, type ResponseApproval } from '../../api/response.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useLive } from '../../hooks/use-live.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { CityHeader } from './CityNav.tsx';
import { assetPath } from './inventory-display.ts';

const REFRESH_MS = 30_000;

function ImpactSummary({ approval }: { approval: ResponseApproval }) {
  const { impact } = approval;
  const down = impact.services.filter((s) => s.state === 'down').length;
  const degraded = impact.services.filter((s) => s.state === 'degraded').length;
  const hidden = impact.other_departments.services;
  return (
    <span>
      {down} service{down === 1 ? '' : 's'} down, {degraded} degraded
      {hidden > 0 && ` (+${hidden} in other departments)`}; {impact.population_affected.toLocaleString()} residents
    </span>
  );
}

function DecisionForm({ approval, onDecided }: { approval: ResponseApproval; onDecided: () => void }) {
  const [reason, setReason] = useState('');
  const mutation = useMutation();
  const decide = async (approve: boolean) => {
    const done = await mutation.run(() => decideApproval(approval.id, approve, reason.trim()));
    if (done !== undefined) onDecided();
  };
  const id = `decision-${approval.id}`;
  return (
    <div className="approval-decision">
      <label htmlFor={id}>Reason</label>
      <input id={id} value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      <button
        type="button"
        className="button-danger"
        disabled={mutation.pending || reason.trim() === ''}
        onClick={() => void decide(true)}
      >
        Approve
      </button>
      <button type="button" disabled={mutation.pending || reason.trim() === ''} onClick={() => void decide(false)}>
        Deny
      </button>
      <ErrorMessage error={mutation.error} />
    </div>
  );
}

/**
 * /city/approvals: containment the security stance holds for a second person (two-person rule). The impact on
 * city services is the one the requester saw; approving applies the change in both names.
 */
export function ApprovalsPage() {
  const approvals = useApiData(listApprovals, REFRESH_MS);
  const departmentName = useDepartmentName();
  useLive(['inventory', 'stance'], approvals.reload);
  const rows = approvals.data ?? [];
  const pending = rows.filter((a) => a.state === 'pending');
  const decided = rows.filter((a) => a.state !== 'pending');

  const base: Column<ResponseApproval>[] = [
    { header: 'Action', cell: (a) => a.action.replaceAll('_', ' ') },
    { header: 'Asset', cell: (a) => <Link to={assetPath(a.asset_id)}>{a.asset_id}</Link> },
    { header: 'Department', cell: (a) => departmentName(a.department) },
    { header: 'Impact', cell: (a) => <ImpactSummary approval={a} /> },
    { header: 'Reason', cell: (a) => <span className="break-anywhere">{a.reason}</span> },
    {
      header: 'Requested',
      cell: (a) => `${formatDateTime(a.requested_at)} by ${a.requested_by} (stance ${a.stance_level})`,
    },
  ];
  const pendingColumns: Column<ResponseApproval>[] = [
    ...base,
    { header: 'Decision', cell: (a) => <DecisionForm approval={a} onDecided={approvals.reload} /> },
  ];
  const decidedColumns: Column<ResponseApproval>[] = [
    ...base,
    {
      header: 'Decision',
      cell: (a) => (
        <>
          <span className="badge">{a.state}</span>{' '}
          {a.decided_by !== null && `${a.decided_by}, ${formatDateTime(a.decided_at)}`}
          {a.decision_reason !== null && <div className="muted break-anywhere">{a.decision_reason}</div>}
        </>
      ),
    },
  ];

  return (
    <>
      <CityHeader title="City" />
      <p className="muted">
        Containment the security stance holds for a second person. You cannot decide your own requests.
      </p>
      <ErrorMessage error={approvals.error} />
      <h2>Waiting</h2>
      {pending.length === 0 ? (
        <p className="empty-state">Nothing waits for approval.</p>
      ) : (
        <DataTable
          label="Waiting for approval"
          rows={pending}
          columns={pendingColumns}
          rowKey={(a) => a.id}
          rowTestId="approval-row"
        />
      )}
      <h2>Decided</h2>
      {decided.length === 0 ? (
        <p className="empty-state">No decisions yet.</p>
      ) : (
        <DataTable label="Decided approvals" rows={decided} columns={decidedColumns} rowKey={(a) => a.id} />
      )}
    </>
  );
}
