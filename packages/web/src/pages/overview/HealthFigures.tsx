import type { Health } from '@citysoc/core';
import { StatCard } from '../../components/StatCard.tsx';
import { formatDuration, formatLatency } from '../../format.ts';

/** The platform's own health, so an operator knows whether the other figures can be trusted. */
export function HealthFigures({ health }: { health: Health }) {
  return (
    <>
      <h2>Platform health</h2>
      <div className="stat-grid">
        <StatCard
          label="Status"
          value={health.status === 'ok' ? 'OK' : 'Degraded'}
          tone={health.status === 'ok' ? 'good' : 'bad'}
          testId="stat-status"
        />
        <StatCard label="Version" value={health.version} testId="stat-version" />
        <StatCard label="Store" value={health.store} detail={`Bus: ${health.bus}`} testId="stat-store" />
        <StatCard
          label="Database latency"
          value={formatLatency(health.database.latencyMs)}
          tone={health.database.ok ? 'neutral' : 'bad'}
          detail={health.database.ok ? 'Reachable' : 'Not reachable'}
          testId="stat-database"
        />
        <StatCard label="Uptime" value={formatDuration(health.uptimeSeconds)} testId="stat-uptime" />
      </div>
    </>
  );
}
