import type { GrantView } from '@citysoc/core';
import { useState } from 'react';
import { listActiveGrants, revokeGrant } from '../../api/data-protection.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { DataProtectionHeader } from './DataProtectionNav.tsx';

function RevokeForm({ grant, onRevoked }: { grant: GrantView; onRevoked: () => void }) {
  const [reason, setReason] = useState('');
  const mutation = useMutation();
  return (
    <form
      className="decision-form"
      aria-label={`Revoke grant ${grant.id}`}
      onSubmit={(event) => {
        event.preventDefault();
        void mutation
          .run(() => revokeGrant(grant.id, reason.trim()))
          .then((done) => {
            if (done !== undefined) onRevoked();
          });
      }}
    >
      <input
        aria-label="Reason for revoking"
        placeholder="Reason"
        required
        minLength={3}
        maxLength={2000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button-small" disabled={mutation.pending}>
        Revoke
      </button>
      <ErrorMessage error={mutation.error} />
    </form>
  );
}

/** /data-protection/grants: who may use which dataset, for what, until when; owners revoke here. */
export function GrantsPage() {
  const { can, session } = useSession();
  const grants = useApiData(listActiveGrants);
  const decidesAny = can('datasets.decide_any');
  // The server decides who may revoke (the dataset's owner or an administrator); this only hides the form.
  const mayRevoke = (grant: GrantView): boolean =>
    decidesAny || (can('datasets.decide') && grant.owner_id === session.user.id);

  const columns: readonly Column<GrantView>[] = [
    {
      header: 'Dataset',
      cell: (g) => (
        <span>
          {g.dataset_name} <span className="muted mono">{g.dataset}</span>
        </span>
      ),
    },
    { header: 'For', cell: (g) => g.subject, className: 'mono' },
    { header: 'Purpose', cell: (g) => <span className="request-purpose">{g.purpose}</span> },
    { header: 'Fields', cell: (g) => (g.fields.length === 0 ? 'whole dataset' : g.fields.join(', ')) },
    { header: 'Granted by', cell: (g) => g.granted_by },
    { header: 'Until', cell: (g) => formatDateTime(g.expires_at), className: 'nowrap' },
    {
      header: '',
      cell: (g) => (mayRevoke(g) ? <RevokeForm grant={g} onRevoked={grants.reload} /> : null),
    },
  ];

  return (
    <>
      <DataProtectionHeader title="Grants in force" />
      <ErrorMessage error={grants.error} />
      {grants.data !== undefined && grants.data.length === 0 && (
        <p className="empty-state">No access is granted in your departments.</p>
      )}
      {grants.data !== undefined && grants.data.length > 0 && (
        <DataTable
          label="Grants in force"
          columns={columns}
          rows={grants.data}
          rowKey={(g) => g.id}
          rowTestId="grant-row"
          busy={grants.loading}
        />
      )}
    </>
  );
}
