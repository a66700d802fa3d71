import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'good' | 'bad';

interface StatCardProps {
  readonly label: string;
  readonly value: ReactNode;
  readonly detail?: ReactNode;
  readonly tone?: Tone;
  /** Stable hook for end-to-end tests, since the figures change with the data. */
  readonly testId: string;
}

/** One figure on the overview page. */
export function StatCard({ label, value, detail, tone = 'neutral', testId }: StatCardProps) {
  return (
    <section className={`stat stat-${tone}`} data-testid={testId} aria-label={label}>
      <h3 className="stat-label">{label}</h3>
      <p className="stat-value">{value}</p>
      {detail !== undefined && <p className="stat-detail">{detail}</p>}
    </section>
  );
}
