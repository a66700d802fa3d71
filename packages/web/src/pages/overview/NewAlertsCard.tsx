import { fetchAlertCounts } from '../../api/endpoints.ts';
import { StatCard } from '../../components/StatCard.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';

function countNewAlerts(): Promise<number> {
  return fetchAlertCounts().then((counts) => counts.new);
}

/** Untriaged alerts in the caller's departments, linking to the triage queue. Shown only with alerts.read. */
export function NewAlertsCard({ refreshMs }: { refreshMs: number }) {
  const count = useApiData(countNewAlerts, refreshMs);
  const { data } = count;
  const failed = count.error !== undefined;
  return (
    <section aria-labelledby="detection-title">
      <h2 id="detection-title">Detection</h2>
      <div className="stat-grid">
        <StatCard
          label="New alerts"
          value={data === undefined ? (failed ? 'Unavailable' : '…') : data.toLocaleString()}
          detail={count.error?.message ?? 'Awaiting triage'}
          tone={data === undefined ? 'neutral' : data > 0 ? 'bad' : 'good'}
          to="/alerts"
          testId="stat-new-alerts"
        />
      </div>
    </section>
  );
}
