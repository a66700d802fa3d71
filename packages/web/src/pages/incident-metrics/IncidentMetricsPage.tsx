import { type IncidentMetrics, type LabelledSummary, MetricsGroupBy, MetricsInterval, rateText } from '@citysoc/core';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField } from '../../components/FormField.tsx';
import { LineChart } from '../../components/LineChart.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { IncidentsNav } from '../incidents/IncidentsNav.tsx';
import { ComplianceBars } from './ComplianceBars.tsx';
import { fetchIncidentMetrics } from './incident-reports-api.ts';
import { rangeStart, statCard, statText, TIME_METRICS, trendLine, type TimeMetric } from './metrics-display.ts';

const RANGES = [3, 6, 12, 24] as const;
const GROUP_TITLES = { department: 'Department', team: 'Team', severity: 'Severity' } as const;
const INTERVAL_TITLES = { week: 'Week', month: 'Month' } as const;
const CHARTED: readonly TimeMetric[] = ['mttd', 'mtta', 'mttr'];

function readCriteria(params: URLSearchParams) {
  const months = Number(params.get('months'));
  const groupBy = MetricsGroupBy.safeParse(params.get('groupBy'));
  const interval = MetricsInterval.safeParse(params.get('interval'));
  return {
    months: RANGES.includes(months as (typeof RANGES)[number]) ? months : 6,
    groupBy: groupBy.success ? groupBy.data : 'department',
    interval: interval.success ? interval.data : 'month',
  } as const;
}

function Trends({ metrics }: { metrics: IncidentMetrics }) {
  return (
    <div className="intel-columns">
      {CHARTED.map((metric) => {
        const line = trendLine(metrics, metric);
        const title = TIME_METRICS.find((m) => m.key === metric);
        return (
          <section key={metric} className="panel" aria-labelledby={`metrics-trend-${metric}`}>
            <h2 id={`metrics-trend-${metric}`}>
              {title?.short}: median {title?.title.toLowerCase()} (hours)
            </h2>
            {line.measured === 0 ? (
              <p className="empty-state">No case in this range to measure.</p>
            ) : (
              <LineChart points={line.points} description={line.description} testId={`metrics-trend-${metric}`} />
            )}
          </section>
        );
      })}
    </div>
  );
}

/** /incidents/metrics: MTTD, MTTA, MTTC, MTTR and SLA compliance in the user's departments, over time and by group. */
export function IncidentMetricsPage() {
  const [params, setParams] = useSearchParams();
  const criteria = readCriteria(params);
  const { months, groupBy, interval } = criteria;
  const load = useCallback(
    () => fetchIncidentMetrics({ from: rangeStart(new Date(), months), groupBy, interval }),
    [months, groupBy, interval],
  );
  const metrics = useApiData(load);
  const set = (name: string) => (event: { target: { value: string } }) => {
    const next = new URLSearchParams(params);
    next.set(name, event.target.value);
    setParams(next);
  };
  const { data } = metrics;

  const columns: readonly Column<LabelledSummary>[] = [
    { header: GROUP_TITLES[groupBy], cell: (g) => g.label },
    { header: 'Cases', cell: (g) => g.summary.incidents.toLocaleString(), className: 'numeric' },
    { header: 'Open', cell: (g) => g.summary.open.toLocaleString(), className: 'numeric' },
    ...TIME_METRICS.map((m) => ({
      header: `${m.short} median (mean, p90)`,
      cell: (g: LabelledSummary) => statText(g.summary, m.key),
    })),
    { header: 'SLA acknowledge', cell: (g) => rateText(g.summary.sla.acknowledge.rate), className: 'numeric' },
    { header: 'SLA contain', cell: (g) => rateText(g.summary.sla.contain.rate), className: 'numeric' },
    { header: 'SLA resolve', cell: (g) => rateText(g.summary.sla.resolve.rate), className: 'numeric' },
  ];

  return (
    <>
      <h1>Incident metrics</h1>
      <IncidentsNav />
      <form className="search-form" aria-label="Metrics range" onSubmit={(event) => event.preventDefault()}>
        <FormField id="metrics-range" label="Opened in the last">
          <select id="metrics-range" value={String(months)} onChange={set('months')}>
            {RANGES.map((m) => (
              <option key={m} value={m}>
                {m} months
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="metrics-interval" label="Trend by">
          <select id="metrics-interval" value={interval} onChange={set('interval')}>
            {MetricsInterval.options.map((i) => (
              <option key={i} value={i}>
                {INTERVAL_TITLES[i]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="metrics-group" label="Group by">
          <select id="metrics-group" value={groupBy} onChange={set('groupBy')}>
            {MetricsGroupBy.options.map((g) => (
              <option key={g} value={g}>
                {GROUP_TITLES[g]}
              </option>
            ))}
          </select>
        </FormField>
      </form>
      <ErrorMessage error={metrics.error} />
      {data === undefined ? (
        metrics.loading && <p className="empty-state">Loading…</p>
      ) : (
        <>
          <div className="stat-grid">
            <StatCard
              label="Cases opened"
              value={data.overall.incidents.toLocaleString()}
              detail={`${data.overall.open.toLocaleString()} still open`}
              testId="stat-metrics-cases"
            />
            {TIME_METRICS.map((m) => {
              const card = statCard(data.overall, m.key);
              return (
                <StatCard
                  key={m.key}
                  label={`${m.short}: ${m.title.toLowerCase()}`}
                  value={card.value}
                  detail={card.detail}
                  testId={`stat-metrics-${m.key}`}
                />
              );
            })}
          </div>
          <p className="muted">
            Cases opened from {formatDateTime(data.from)} to {formatDateTime(data.to)}, as of{' '}
            {formatDateTime(data.asOf)}. Medians first: with few cases, one outlier moves the mean.
          </p>
          <Trends metrics={data} />
          <section className="panel" aria-labelledby="metrics-sla-title">
            <h2 id="metrics-sla-title">SLA compliance</h2>
            <ComplianceBars summary={data.overall} testId="metrics-sla" />
          </section>
          <section className="panel" aria-labelledby="metrics-groups-title">
            <h2 id="metrics-groups-title">By {GROUP_TITLES[groupBy].toLowerCase()}</h2>
            {data.groups.length === 0 ? (
              <p className="empty-state">No case was opened in this range.</p>
            ) : (
              <DataTable
                label={`Metrics by ${groupBy}`}
                columns={columns}
                rows={data.groups}
                rowKey={(g, i) => `${g.key ?? ''}-${i}`}
                rowTestId="metrics-group-row"
              />
            )}
          </section>
        </>
      )}
    </>
  );
}
