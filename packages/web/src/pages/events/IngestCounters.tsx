import type { IngestCounters, IngestStatsSnapshot } from '@citysoc/core';
import { StatCard } from '../../components/StatCard.tsx';
import { formatLatency } from '../../format.ts';

function CountersTable({ title, rows }: { title: string; rows: Record<string, IngestCounters> }) {
  const entries = Object.entries(rows).sort(([a], [b]) => a.localeCompare(b));
  return (
    <table className="table" aria-label={title}>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col" className="numeric">
            Received
          </th>
          <th scope="col" className="numeric">
            Accepted
          </th>
          <th scope="col" className="numeric">
            Rejected
          </th>
          <th scope="col" className="numeric">
            Dropped
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.length === 0 ? (
          <tr>
            <td colSpan={5} className="muted">
              Nothing received since the server started.
            </td>
          </tr>
        ) : (
          entries.map(([name, counters]) => (
            <tr key={name}>
              <th scope="row" className="mono">
                {name}
              </th>
              <td className="numeric">{counters.received.toLocaleString()}</td>
              <td className="numeric">{counters.accepted.toLocaleString()}</td>
              <td className={counters.rejected > 0 ? 'numeric text-bad' : 'numeric'}>
                {counters.rejected.toLocaleString()}
              </td>
              <td className={counters.dropped > 0 ? 'numeric text-bad' : 'numeric'}>
                {counters.dropped.toLocaleString()}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** What the ingest pipeline has taken in since the server started, by channel and by log source. */
export function IngestCountersPanel({ stats }: { stats: IngestStatsSnapshot }) {
  const { writer } = stats;
  return (
    <>
      <div className="stat-grid">
        <StatCard
          label="Queue depth"
          value={writer.queuedEvents.toLocaleString()}
          detail="Events waiting to be written"
          testId="stat-writer-queue"
        />
        <StatCard
          label="Commit latency"
          value={formatLatency(writer.commitLatencyMs.p99)}
          detail={`p99 · p50 ${formatLatency(writer.commitLatencyMs.p50)} · max ${formatLatency(writer.commitLatencyMs.max)}`}
          testId="stat-writer-latency"
        />
        <StatCard
          label="Commits"
          value={writer.commits.toLocaleString()}
          detail={`${writer.committedEvents.toLocaleString()} events written`}
          testId="stat-writer-commits"
        />
        <StatCard
          label="Failed commits"
          value={writer.failedCommits.toLocaleString()}
          tone={writer.failedCommits > 0 ? 'bad' : 'neutral'}
          testId="stat-writer-failed"
        />
      </div>
      <div className="counters-grid">
        <CountersTable title="Channel" rows={stats.channels} />
        <CountersTable title="Source" rows={stats.sources} />
      </div>
    </>
  );
}
