import { useState } from 'react';
import type { IngestRejection } from '@citysoc/core';
import { formatEventTime } from '../../format.ts';

/** A refused sample: one clipped line until expanded. The text is the sender's and is rendered as text. */
function RejectionRow({ rejection }: { rejection: IngestRejection }) {
  const [expanded, setExpanded] = useState(false);
  const sampleId = `rejection-${rejection.seq}-sample`;
  return (
    <tr data-testid="rejection-row">
      <td className="nowrap" title={rejection.at}>
        {formatEventTime(rejection.at)}
      </td>
      <td className="nowrap">{rejection.channel}</td>
      <td className="nowrap">{rejection.source ?? <span className="muted">unknown</span>}</td>
      <td className="rejection-reason">{rejection.reason}</td>
      <td>
        <div className="rejection-sample-cell">
          <code id={sampleId} className={expanded ? 'sample sample-expanded' : 'sample'} data-testid="rejection-sample">
            {rejection.sample === '' ? '(empty)' : rejection.sample}
          </code>
          <button
            type="button"
            className="button-link"
            aria-expanded={expanded}
            aria-controls={sampleId}
            onClick={() => setExpanded((open) => !open)}
          >
            {expanded ? 'Collapse' : 'Expand'}
          </button>
        </div>
      </td>
    </tr>
  );
}

export function RejectionsTable({ rejections }: { rejections: readonly IngestRejection[] }) {
  return (
    <table className="table rejections-table" aria-label="Rejected input">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Channel</th>
          <th scope="col">Source</th>
          <th scope="col">Reason</th>
          <th scope="col">Sample</th>
        </tr>
      </thead>
      <tbody>
        {rejections.map((rejection) => (
          <RejectionRow key={rejection.seq} rejection={rejection} />
        ))}
      </tbody>
    </table>
  );
}
