import type { Overview } from '@citysoc/core';
import { Link } from 'react-router';
import { StatCard } from '../../components/StatCard.tsx';
import { formatCount, formatLatency, NOT_PERMITTED } from '../../format.ts';

interface IngestFiguresProps {
  readonly events: Overview['counts']['events'];
  readonly ingest: Overview['ingest'];
}

/**
 * Whether telemetry is arriving and being stored. The counters are city-wide and restart with the server;
 * "Events stored" counts the caller's departments. The page shows this only to roles with events.read.
 */
export function IngestFigures({ events, ingest }: IngestFiguresProps) {
  const counter = (value: number | undefined): string => (value === undefined ? NOT_PERMITTED : value.toLocaleString());
  const sinceStart = 'Since the server started';
  return (
    <section aria-labelledby="ingest-title">
      <h2 id="ingest-title">Telemetry ingest</h2>
      <div className="stat-grid">
        <StatCard label="Events stored" value={formatCount(events)} testId="stat-events-stored" />
        <StatCard
          label="Received"
          value={counter(ingest?.received)}
          detail={sinceStart}
          testId="stat-ingest-received"
        />
        <StatCard
          label="Accepted"
          value={counter(ingest?.accepted)}
          detail={sinceStart}
          testId="stat-ingest-accepted"
        />
        <StatCard
          label="Rejected"
          value={counter(ingest?.rejected)}
          detail={sinceStart}
          tone={ingest !== null && ingest.rejected > 0 ? 'bad' : 'neutral'}
          testId="stat-ingest-rejected"
        />
        <StatCard
          label="Dropped"
          value={counter(ingest?.dropped)}
          detail="Refused while the pipeline was full"
          tone={ingest !== null && ingest.dropped > 0 ? 'bad' : 'neutral'}
          testId="stat-ingest-dropped"
        />
        <StatCard
          label="Queue depth"
          value={counter(ingest?.queuedEvents)}
          detail="Events waiting to be written"
          testId="stat-ingest-queue"
        />
        <StatCard
          label="Commit latency p99"
          value={ingest === null ? NOT_PERMITTED : formatLatency(ingest.commitLatencyP99Ms)}
          testId="stat-ingest-latency"
        />
      </div>
      <p className="section-links">
        <Link to="/events/rejections">Inspect rejected input</Link>
        <Link to="/events">Search events</Link>
      </p>
    </section>
  );
}
