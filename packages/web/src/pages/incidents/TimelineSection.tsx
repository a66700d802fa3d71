import type { TimelineEntry } from '@citysoc/core';
import { formatDateTime } from '../../format.ts';

/** Everything that happened on the case, oldest first: automatic entries and people's alike. */
export function TimelineSection({ entries }: { entries: readonly TimelineEntry[] }) {
  return (
    <section className="panel" aria-labelledby="incident-timeline">
      <h2 id="incident-timeline">Timeline</h2>
      <ol className="incident-timeline">
        {entries.map((entry) => (
          <li key={entry.seq} data-testid="timeline-entry" className={`timeline-${entry.kind}`}>
            <span className="muted nowrap">{formatDateTime(entry.at)}</span> <span className="badge">{entry.kind}</span>{' '}
            <span className="break-anywhere">{entry.text}</span> <span className="muted">— {entry.actor}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
