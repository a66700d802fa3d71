import type { IncidentsSummary } from '@citysoc/core';
import { Link } from 'react-router';
import { StatCard } from '../../components/StatCard.tsx';

/**
 * Open incidents by severity and the cases past an SLA target, linking to the queue filtered to them. Shown to
 * those who may read incidents (the server sends null to others).
 */
export function IncidentsCard({ summary }: { summary: IncidentsSummary }) {
  const { open } = summary;
  const total = open.critical + open.high + open.medium + open.low;
  return (
    <section aria-labelledby="incidents-title">
      {/* Worded without "Incidents" so the heading is never mistaken for the Incidents page's own. */}
      <h2 id="incidents-title">Cases</h2>
      <div className="stat-grid">
        <StatCard
          label="Open cases"
          value={total.toLocaleString()}
          detail={`${open.critical} critical · ${open.high} high · ${open.medium} medium · ${open.low} low`}
          tone={open.critical + open.high > 0 ? 'bad' : 'neutral'}
          to="/incidents"
          testId="stat-open-incidents"
        />
        <StatCard
          label="SLA breached"
          value={summary.slaBreached.toLocaleString()}
          detail={summary.slaBreached > 0 ? 'Open cases past a target' : 'Every open case on time'}
          tone={summary.slaBreached > 0 ? 'bad' : 'good'}
          to="/incidents?sla=breached"
          testId="stat-sla-breached"
        />
        {summary.breachNotificationsDue > 0 && (
          <StatCard
            label="Breach notifications due"
            value={summary.breachNotificationsDue.toLocaleString()}
            detail="Personal-data breaches not yet notified to the authority (72 h)"
            tone="bad"
            testId="stat-breach-notifications"
          />
        )}
      </div>
      {summary.breached.length > 0 && (
        <ul className="plain-list" aria-label="Cases past an SLA target">
          {summary.breached.map((b) => (
            <li key={b.id}>
              <Link to={`/incidents/${encodeURIComponent(b.id)}`}>{b.ref}</Link> {b.title}{' '}
              <span className="muted">
                ({b.severity}; {b.targets.join(', ')})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
