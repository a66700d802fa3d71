import { Link } from 'react-router';
import { fetchIngestStats, listIngestRejections } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { IngestCountersPanel } from './IngestCounters.tsx';
import { RejectionsTable } from './RejectionsTable.tsx';

/** The latest refusals are what an operator fixing a log shipper needs; the server keeps more. */
const REJECTIONS_SHOWN = 50;

// useApiData needs a stable loader: a module-level function, not an inline arrow.
const loadRejections = () => listIngestRejections(REJECTIONS_SHOWN);

/** /events/rejections: what the ingest pipeline refused and why, and its counters by channel and source. */
export function RejectionsPage() {
  const rejections = useApiData(loadRejections);
  const stats = useApiData(fetchIngestStats);
  const list = rejections.data ?? [];

  const refresh = (): void => {
    rejections.reload();
    stats.reload();
  };

  return (
    <>
      <div className="page-header">
        <h1>Rejected input</h1>
        <Link to="/events" className="page-meta">
          Back to events
        </Link>
      </div>
      <div className="toolbar">
        <button type="button" onClick={refresh} disabled={rejections.loading || stats.loading}>
          Refresh
        </button>
      </div>
      <section className="panel" aria-labelledby="rejections-title">
        <h2 id="rejections-title">Latest rejections</h2>
        <ErrorMessage error={rejections.error} />
        {rejections.loading && rejections.data === undefined ? (
          <p className="empty-state">Loading rejections…</p>
        ) : list.length === 0 ? (
          rejections.error === undefined && <p className="empty-state">No input has been rejected.</p>
        ) : (
          <>
            <p className="muted">The newest {list.length.toLocaleString()}, newest first.</p>
            <RejectionsTable rejections={list} />
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="ingest-counters-title">
        <h2 id="ingest-counters-title">Ingest counters</h2>
        <ErrorMessage error={stats.error} />
        {stats.data !== undefined && (
          <>
            <p className="muted">Since the server started, {formatDateTime(stats.data.since)}.</p>
            <IngestCountersPanel stats={stats.data} />
          </>
        )}
      </section>
    </>
  );
}
