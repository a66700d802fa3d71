import type { RuleRejectionInfo } from '@citysoc/core';

/** Rules the server would not load, with its reason. File, id and reason are shown as text only. */
export function RuleRefusalTable({ refused, label }: { refused: readonly RuleRejectionInfo[]; label: string }) {
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Rule id</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {refused.map((refusal, index) => (
          // Neither file nor id is unique or even present for every refusal; the position keeps keys unique.
          <tr key={`${index}:${refusal.file ?? ''}:${refusal.id ?? ''}`}>
            <td className="mono break-anywhere">{refusal.file ?? '—'}</td>
            <td className="mono break-anywhere">{refusal.id ?? '—'}</td>
            <td className="rejection-reason">{refusal.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
