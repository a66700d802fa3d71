import { useCallback } from 'react';
import { listAudit } from '../../api/endpoints.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useLive } from '../../hooks/use-live.ts';

/** What the audit entry says changed: "isolated → operational (reason)" for status changes, else its action. */
function describe(action: string, details: Record<string, unknown> | null): string {
  if (action === 'asset.status' && details) {
    const reason = typeof details.reason === 'string' ? ` — ${details.reason}` : '';
    return `${String(details.from)} → ${String(details.to)}${reason}`;
  }
  return action;
}

/** An asset's history from the audit log: who created, changed, isolated or restored it, when and why. */
export function AssetHistory({ assetId }: { assetId: string }) {
  const load = useCallback(() => listAudit(50, undefined, `asset:${assetId}`), [assetId]);
  const history = useApiData(load);
  useLive(['audit'], history.reload);
  return (
    <>
      <ErrorMessage error={history.error} />
      {history.data?.length === 0 && <p className="empty-state">No changes recorded.</p>}
      <DataTable
        label="Asset history"
        rows={history.data ?? []}
        rowKey={(entry) => String(entry.seq)}
        rowTestId="asset-history-row"
        busy={history.loading}
        columns={[
          { header: 'When', cell: (entry) => formatDateTime(entry.at) },
          { header: 'Who', cell: (entry) => entry.actorName },
          {
            header: 'What',
            cell: (entry) => describe(entry.action, entry.details as Record<string, unknown> | null),
          },
        ]}
      />
    </>
  );
}
