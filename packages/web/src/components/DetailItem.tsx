import type { ReactNode } from 'react';

/** One label and value of a definition list; a missing value is shown dimmed, not as the text "null". */
export function DetailItem({ label, children }: { label: string; children: ReactNode }) {
  const missing = children === null || children === undefined || children === '';
  return (
    <div className="detail-item">
      <dt>{label}</dt>
      <dd>{missing ? <span className="muted">—</span> : children}</dd>
    </div>
  );
}
