import { fetchOverview } from '../api/endpoints.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLive } from '../hooks/use-live.ts';
import { useApiData } from '../hooks/use-api-data.ts';
import { useSession } from '../session/session-context.ts';
import { HealthFigures } from './overview/HealthFigures.tsx';
import { CityFigures } from './overview/CityFigures.tsx';
import { IngestFigures } from './overview/IngestFigures.tsx';
import { IncidentsCard } from './overview/IncidentsCard.tsx';
import { NewAlertsCard } from './overview/NewAlertsCard.tsx';
import { RecentActivityTable } from './overview/RecentActivityTable.tsx';
import { StanceCard } from './overview/StanceCard.tsx';

/** Often enough that a SOC wall screen stays current, rarely enough not to load the server. */
const REFRESH_MS = 15_000;

export function OverviewPage() {
  const overview = useApiData(fetchOverview, REFRESH_MS);
  useLive(['alerts', 'inventory', 'audit'], overview.reload);
  const { can } = useSession();
  const { data } = overview;

  return (
    <>
      <div className="page-header">
        <h1>Overview</h1>
        <p className="page-meta" aria-live="polite">
          {overview.loading && data === undefined ? 'Loading…' : 'Refreshes every 15 s'}
        </p>
      </div>
      <ErrorMessage error={overview.error} />
      {can('overview.read') && <StanceCard refreshMs={REFRESH_MS} />}
      {data !== undefined && (
        <>
          <CityFigures counts={data.counts} audit={data.audit} />
          {can('alerts.read') && <NewAlertsCard refreshMs={REFRESH_MS} />}
          {data.incidents != null && <IncidentsCard summary={data.incidents} />}
          {can('events.read') && <IngestFigures events={data.counts.events} ingest={data.ingest} />}
          <HealthFigures health={data.health} />
          <RecentActivityTable activity={data.recentActivity} />
        </>
      )}
    </>
  );
}
