import { useState } from 'react';
import { listTaxiiFeeds, pollTaxiiFeed } from '../../api/intel.ts';
import type { TaxiiFeed } from '../../api/intel-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { AddTaxiiFeedForm } from './AddTaxiiFeedForm.tsx';

/**
 * The TAXII 2.1 collections the city polls: when each was last polled and its last error; intel.manage holders
 * poll one now and add new ones. `onChanged` refreshes the figures a poll changes.
 */
export function TaxiiFeedsPanel({ onChanged }: { onChanged: () => void }) {
  const feeds = useApiData(listTaxiiFeeds);
  const { can } = useSession();
  const manage = can('intel.manage');
  const polling = useMutation();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const poll = async (name: string): Promise<void> => {
    setBusy(name);
    setNotice(null);
    const result = await polling.run(() => pollTaxiiFeed(name));
    setBusy(null);
    feeds.reload();
    if (result === undefined) return;
    setNotice(
      `${name}: ${result.objects.toLocaleString()} new objects, ${result.indicators.toLocaleString()} indicators ` +
        `in ${result.pages.toLocaleString()} page(s).`,
    );
    onChanged();
  };

  const columns: Column<TaxiiFeed>[] = [
    { header: 'Feed', cell: (feed) => <strong>{feed.name}</strong> },
    {
      header: 'Collection',
      cell: (feed) => (
        <>
          <div className="mono break-anywhere">{feed.apiRoot}</div>
          <div className="muted mono">{feed.collection}</div>
        </>
      ),
    },
    { header: 'Every', cell: (feed) => `${feed.intervalMinutes.toLocaleString()} min`, className: 'nowrap' },
    { header: 'Last polled', cell: (feed) => formatDateTime(feed.lastPolledAt), className: 'nowrap' },
    {
      header: 'Last error',
      cell: (feed) =>
        feed.lastError === null ? <span className="muted">—</span> : <span className="text-bad">{feed.lastError}</span>,
    },
  ];
  if (manage) {
    columns.push({
      header: 'Actions',
      cell: (feed) => (
        <button type="button" className="button-small" disabled={busy !== null} onClick={() => void poll(feed.name)}>
          {busy === feed.name ? 'Polling…' : 'Poll now'}
        </button>
      ),
    });
  }

  return (
    <section className="panel" aria-labelledby="taxii-title">
      <h2 id="taxii-title">TAXII feeds</h2>
      <ErrorMessage error={feeds.error ?? polling.error} />
      {notice !== null && (
        <p className="message message-good" role="status" data-testid="taxii-notice">
          {notice}
        </p>
      )}
      {feeds.data !== undefined &&
        (feeds.data.length === 0 ? (
          <p className="empty-state">No TAXII collection is polled yet.</p>
        ) : (
          <DataTable
            label="TAXII feeds"
            columns={columns}
            rows={feeds.data}
            rowKey={(feed) => feed.name}
            rowTestId="taxii-feed-row"
          />
        ))}
      {manage && <AddTaxiiFeedForm onAdded={feeds.reload} />}
    </section>
  );
}
