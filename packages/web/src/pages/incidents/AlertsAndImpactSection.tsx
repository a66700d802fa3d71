import type { IncidentAlertLink, IncidentDetail } from '@citysoc/core';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { formatDateTime } from '../../format.ts';
import { LevelBadge } from '../alerts/AlertBadges.tsx';

type ImpactedService = NonNullable<IncidentDetail['impact']>['services'][number];

/** The linked alerts, each with why it was linked (escalated by someone, or the grouping's reason). */
export function LinkedAlertsSection({ alerts, total }: { alerts: readonly IncidentAlertLink[]; total: number }) {
  const columns: readonly Column<IncidentAlertLink>[] = [
    { header: 'Time', cell: (a) => formatDateTime(a.timestamp), className: 'nowrap' },
    { header: 'Level', cell: (a) => <LevelBadge level={a.level} /> },
    { header: 'Alert', cell: (a) => a.title, className: 'break-anywhere' },
    { header: 'Linked because', cell: (a) => a.reason, className: 'break-anywhere' },
  ];
  return (
    <section className="panel" aria-labelledby="incident-alerts">
      <h2 id="incident-alerts">Alerts ({total.toLocaleString()})</h2>
      {alerts.length === 0 ? (
        <p className="muted">No alerts linked.</p>
      ) : (
        <DataTable
          label="Linked alerts"
          columns={columns}
          rows={alerts}
          rowKey={(a) => a.alertId}
          rowTestId="linked-alert"
        />
      )}
    </section>
  );
}

/** Affected assets and services, and what the compromise of those assets does to the city (cascade impact). */
export function ImpactSection({ incident }: { incident: IncidentDetail }) {
  const { impact } = incident;
  const columns: readonly Column<ImpactedService>[] = [
    { header: 'Service', cell: (s) => s.name, className: 'break-anywhere' },
    { header: 'State', cell: (s) => <span className={`badge impact-${s.state}`}>{s.state.replace('_', ' ')}</span> },
    { header: 'Residents', cell: (s) => s.population.toLocaleString(), className: 'numeric' },
  ];
  return (
    <section className="panel" aria-labelledby="incident-impact">
      <h2 id="incident-impact">Affected assets and services</h2>
      <p>
        Assets:{' '}
        {incident.assetIds.length === 0
          ? '—'
          : incident.assetIds.map((id, i) => (
              <span key={id}>
                {i > 0 && ', '}
                <Link to={`/city/assets/${encodeURIComponent(id)}`}>{id}</Link>
              </span>
            ))}
        {' · '}Services: {incident.serviceIds.length === 0 ? '—' : incident.serviceIds.join(', ')}
        {' · '}Highest service criticality: {incident.serviceCriticality}
      </p>
      {impact === null ? (
        <p className="muted">No cascade impact to show (no known asset affected).</p>
      ) : (
        <>
          <p data-testid="incident-impact-summary">
            If these assets are compromised: <strong>{impact.population_affected.toLocaleString()} residents</strong>{' '}
            affected across {impact.services.length.toLocaleString()} services
            {impact.other_departments.services > 0 &&
              ` (and ${impact.other_departments.services.toLocaleString()} services of other departments)`}
            .
          </p>
          {impact.services.length > 0 && (
            <DataTable
              label="Cascade impact"
              columns={columns}
              rows={impact.services}
              rowKey={(s) => s.id}
              rowTestId="impact-service"
            />
          )}
        </>
      )}
    </section>
  );
}
