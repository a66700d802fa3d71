import type { ReactNode } from 'react';
import { Link } from 'react-router';

export type Tone = 'neutral' | 'good' | 'bad';

interface StatCardProps {
  readonly label: string;
  readonly value: ReactNode;
  readonly detail?: ReactNode;
  readonly tone?: Tone;
  /** Where the figure is worked on: the label becomes a link, and the whole card is its click target. */
  readonly to?: string;
  /** Stable hook for end-to-end tests, since the figures change with the data. */
  readonly testId: string;
}

/** One figure on the overview page. */
export function StatCard({ label, value, detail, tone = 'neutral', to, testId }: StatCardProps) {
  return (
    <section
      className={`stat stat-${tone}${to === undefined ? '' : ' stat-link'}`}
      data-testid={testId}
      aria-label={label}
    >
      <h3 className="stat-label">{to === undefined ? label : <Link to={to}>{label}</Link>}</h3>
      <p className="stat-value">{value}</p>
      {detail !== undefined && <p className="stat-detail">{detail}</p>}
    </section>
  );
}
