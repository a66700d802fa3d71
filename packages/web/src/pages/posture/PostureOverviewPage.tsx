import { useCallback, useMemo } from 'react';
import { listServices } from '../../api/city.ts';
import { fetchPosture, fetchPostureTrend } from '../../api/posture.ts';
import type { PostureReport, PostureTrendPoint } from '../../api/posture-schemas.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LineChart } from '../../components/LineChart.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useLive } from '../../hooks/use-live.ts';
import { DirectionBars } from './DirectionBars.tsx';
import { gapsPath } from './gap-filters.ts';
import { trendSeries } from './posture-charts.ts';
import { GAP_STATUS_TITLES, GAP_STATUSES, scoreText, scoreTone } from './posture-display.ts';
import { PostureExports, PostureHeader } from './PostureNav.tsx';
import { DepartmentScoreTable, ServiceScoreTable } from './ScoreTables.tsx';

const TREND_DAYS = 30;
const REFRESH_MS = 5 * 60_000;

const loadTrend = () => fetchPostureTrend(TREND_DAYS);
const snapshotLabel = (at: string): string =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function Trend({ points }: { points: readonly PostureTrendPoint[] }) {
  const series = trendSeries(points, 'city', snapshotLabel);
  if (series.first === undefined || series.last === undefined) {
    return <p className="empty-state">No history yet: a snapshot is kept every hour.</p>;
  }
  return (
    <LineChart
      points={series.points}
      description={`City posture score from ${snapshotLabel(series.first.at)} (${scoreText(series.first.score)}) to ${snapshotLabel(series.last.at)} (${scoreText(series.last.score)}), hourly snapshots.`}
      testId="posture-trend"
    />
  );
}

function Figures({ report }: { report: PostureReport }) {
  const counts = Object.fromEntries(GAP_STATUSES.map((s) => [s, report.gaps.filter((g) => g.status === s).length]));
  return (
    <div className="stat-grid">
      <StatCard
        label="City score"
        value={scoreText(report.city.score)}
        detail={`${report.city.passing.toLocaleString()} of ${report.city.results.toLocaleString()} results pass`}
        tone={scoreTone(report.city.score)}
        testId="stat-posture-city"
      />
      <StatCard
        label="Gaps"
        value={report.gaps.length.toLocaleString()}
        detail="in your departments"
        tone={report.gaps.length > 0 ? 'bad' : 'good'}
        to={gapsPath({})}
        testId="stat-posture-gaps"
      />
      {GAP_STATUSES.map((status) => (
        <StatCard
          key={status}
          label={GAP_STATUS_TITLES[status]}
          value={(counts[status] ?? 0).toLocaleString()}
          to={gapsPath({ status })}
          testId={`stat-posture-${status}`}
        />
      ))}
    </div>
  );
}

/** /posture: how well the city's controls are in place, by direction, department and service, and the trend. */
export function PostureOverviewPage() {
  const report = useApiData(fetchPosture, REFRESH_MS);
  const trend = useApiData(loadTrend, REFRESH_MS);
  const services = useApiData(listServices);
  const departmentName = useDepartmentName();
  const { reload: reloadReport } = report;
  const { reload: reloadTrend } = trend;
  const reload = useCallback(() => {
    reloadReport();
    reloadTrend();
  }, [reloadReport, reloadTrend]);
  useLive(['posture'], reload);
  const serviceNames = useMemo(() => new Map((services.data ?? []).map((s) => [s.id, s.name])), [services.data]);
  const serviceName = useCallback((id: string) => serviceNames.get(id) ?? id, [serviceNames]);
  const { data } = report;

  return (
    <>
      <PostureHeader title="Posture" />
      <ErrorMessage error={report.error} />
      {data === undefined ? (
        report.loading && <p className="empty-state">Loading…</p>
      ) : (
        <>
          <Figures report={data} />
          <PostureExports />
          <div className="intel-columns">
            <section className="panel" aria-labelledby="posture-directions-title">
              <h2 id="posture-directions-title">City by direction</h2>
              <DirectionBars
                score={data.city}
                label="City posture score by direction, 0 to 100"
                testId="posture-city-bars"
              />
              <p className="muted">
                Evaluated {formatDateTime(data.evaluated_at)}. Stale or missing evidence counts as failing.
              </p>
            </section>
            <section className="panel" aria-labelledby="posture-trend-title">
              <h2 id="posture-trend-title">City score, last {TREND_DAYS} days</h2>
              <ErrorMessage error={trend.error} />
              {trend.data !== undefined && <Trend points={trend.data} />}
            </section>
          </div>
          <section className="panel" aria-labelledby="posture-departments-title">
            <h2 id="posture-departments-title">By department</h2>
            {data.departments.length === 0 ? (
              <p className="empty-state">No department is visible to you.</p>
            ) : (
              <DepartmentScoreTable rows={data.departments} departmentName={departmentName} />
            )}
          </section>
          <section className="panel" aria-labelledby="posture-services-title">
            <h2 id="posture-services-title">By service</h2>
            {data.services.length === 0 ? (
              <p className="empty-state">No service depends on an asset a control applies to.</p>
            ) : (
              <ServiceScoreTable rows={data.services} serviceName={serviceName} />
            )}
          </section>
        </>
      )}
    </>
  );
}
