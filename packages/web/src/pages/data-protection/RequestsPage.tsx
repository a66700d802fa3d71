import type { AccessRequestView } from '@citysoc/core';
import { useCallback, useState } from 'react';
import { listAccessRequests } from '../../api/data-protection.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import { AccessDecisionForm } from './AccessDecisionForm.tsx';
import { durationText } from './data-protection-display.ts';
import { DataProtectionHeader } from './DataProtectionNav.tsx';

const loadMine = () => listAccessRequests('mine');

const STATUS_CLASSES: Readonly<Record<AccessRequestView['status'], string>> = {
  pending: 'badge',
  approved: 'badge badge-good',
  denied: 'badge badge-bad',
};

function requestColumns(extra: Column<AccessRequestView>): readonly Column<AccessRequestView>[] {
  return [
    {
      header: 'Dataset',
      cell: (r) => (
        <span>
          {r.dataset_name} <span className="muted mono">{r.dataset}</span>
        </span>
      ),
    },
    { header: 'For', cell: (r) => r.subject, className: 'mono' },
    {
      header: 'Fields',
      cell: (r) =>
        r.fields.length === 0 ? (
          <span className="muted">whole dataset</span>
        ) : (
          <span className="dataset-fields">
            {r.fields.map((f) => (
              <span key={f} className={r.personal_fields.includes(f) ? 'chip chip-personal' : 'chip'}>
                {f}
              </span>
            ))}
          </span>
        ),
    },
    { header: 'Purpose', cell: (r) => <span className="request-purpose">{r.purpose}</span> },
    { header: 'Duration', cell: (r) => durationText(r.duration_seconds), className: 'nowrap' },
    {
      header: 'Requested',
      cell: (r) => (
        <span>
          {r.requested_by} <span className="muted">{formatDateTime(r.requested_at)}</span>
        </span>
      ),
    },
    extra,
  ];
}

/** /data-protection/requests: the owner's inbox of pending requests, and the requests the user made. */
export function RequestsPage() {
  const { can } = useSession();
  const decides = can('datasets.decide') || can('datasets.decide_any');
  const loadInbox = useCallback(() => listAccessRequests('inbox', 'pending'), []);
  const inbox = useApiData(decides ? loadInbox : null);
  const mine = useApiData(loadMine);
  const [notice, setNotice] = useState<string | null>(null);

  const decisionColumn: Column<AccessRequestView> = {
    header: 'Decision',
    cell: (r) => (
      <AccessDecisionForm
        request={r}
        onDecided={({ request }) => {
          setNotice(`${request.dataset_name} for ${request.subject}: ${request.status}.`);
          inbox.reload();
          mine.reload();
        }}
      />
    ),
  };
  const statusColumn: Column<AccessRequestView> = {
    header: 'Status',
    cell: (r) => (
      <span>
        <span className={STATUS_CLASSES[r.status]}>{r.status}</span>
        {r.reason !== null && <span className="muted"> {r.reason}</span>}
      </span>
    ),
  };

  return (
    <>
      <DataProtectionHeader title="Access requests" />
      {notice !== null && (
        <p className="message message-good" role="status" data-testid="decision-notice">
          {notice}
        </p>
      )}
      {decides && (
        <section className="panel" aria-labelledby="inbox-title">
          <h2 id="inbox-title">Waiting for your decision</h2>
          <ErrorMessage error={inbox.error} />
          {inbox.data !== undefined && inbox.data.length === 0 && (
            <p className="empty-state">No requests wait for your decision.</p>
          )}
          {inbox.data !== undefined && inbox.data.length > 0 && (
            <DataTable
              label="Requests waiting for your decision"
              columns={requestColumns(decisionColumn)}
              rows={inbox.data}
              rowKey={(r) => r.id}
              rowTestId="inbox-row"
              busy={inbox.loading}
            />
          )}
        </section>
      )}
      <section className="panel" aria-labelledby="mine-title">
        <h2 id="mine-title">Your requests</h2>
        <ErrorMessage error={mine.error} />
        {mine.data !== undefined && mine.data.length === 0 && (
          <p className="empty-state">You have not requested access to any dataset.</p>
        )}
        {mine.data !== undefined && mine.data.length > 0 && (
          <DataTable
            label="Your requests"
            columns={requestColumns(statusColumn)}
            rows={mine.data}
            rowKey={(r) => r.id}
            rowTestId="my-request-row"
            busy={mine.loading}
          />
        )}
      </section>
    </>
  );
}
