import { fetchVulnsSummary } from '../../api/vulns.ts';
import type { VulnsSummary } from '../../api/vulns-schemas.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LineChart } from '../../components/LineChart.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useLive } from '../../hooks/use-live.ts';
import { findingsPath, PRIORITIES } from './finding-filters.ts';
import { fillTrendDays, trendTotals } from './trend-series.ts';
import { VulnsBreakdowns } from './VulnsBreakdowns.tsx';
import { VulnsHeader } from './VulnsNav.tsx';

const REFRESH_MS = 60_000;

const dayLabel = (date: string): string =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

function Trend({ summary }: { summary: VulnsSummary }) {
  const days = fillTrendDays(summary.trend);
  const totals = trendTotals(days);
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined) {
    return <p className="empty-state">No history yet: the trend starts with the first evaluation.</p>;
  }
  const change =
    totals.change === 0 ? 'no change' : `${totals.change > 0 ? '+' : '−'}${Math.abs(totals.change).toLocaleString()}`;
  return (
    <>
      <p className="muted" data-testid="vulns-trend-totals">
        {totals.opened.toLocaleString()} opened, {totals.fixed.toLocaleString()} fixed; open findings {change} since{' '}
        {dayLabel(first.date)}.
      </p>
      <LineChart
        points={days.map((day) => ({ label: dayLabel(day.date), value: day.open }))}
        description={`Open findings per day from ${dayLabel(first.date)} (${first.open.toLocaleString()}) to ${dayLabel(last.date)} (${last.open.toLocaleString()}).`}
        testId="vulns-trend"
      />
    </>
  );
}

/** /vulnerabilities: how exposed the city is, where, and whether it is getting better. */
export function VulnsOverviewPage() {
  const summary = useApiData(fetchVulnsSummary, REFRESH_MS);
  // Findings are re-evaluated after every inventory change.
  useLive(['inventory'], summary.reload);
  const { data } = summary;

  return (
    <>
      <VulnsHeader title="Vulnerabilities" />
      <ErrorMessage error={summary.error} />
      {data === undefined ? (
        summary.loading && <p className="empty-state">Loading…</p>
      ) : (
        <>
          <div className="stat-grid">
            <StatCard label="Open" value={data.open.toLocaleString()} to={findingsPath({})} testId="stat-vulns-open" />
            {PRIORITIES.map((priority) => (
              <StatCard
                key={priority}
                label={priority}
                value={data.by_priority[priority].toLocaleString()}
                tone={priority === 'P1' && data.by_priority.P1 > 0 ? 'bad' : 'neutral'}
                to={findingsPath({ priority })}
                testId={`stat-vulns-${priority.toLowerCase()}`}
              />
            ))}
            <StatCard
              label="KEV open"
              value={data.kev_open.toLocaleString()}
              detail="Known exploited (CISA KEV)"
              tone={data.kev_open > 0 ? 'bad' : 'good'}
              to={findingsPath({ kevOnly: true })}
              testId="stat-vulns-kev"
            />
            <StatCard
              label="Overdue"
              value={data.overdue.toLocaleString()}
              tone={data.overdue > 0 ? 'bad' : 'good'}
              to={findingsPath({ due: 'overdue' })}
              testId="stat-vulns-overdue"
            />
            <StatCard
              label="Due in 7 days"
              value={data.due_7d.toLocaleString()}
              to={findingsPath({ due: '7d' })}
              testId="stat-vulns-due7"
            />
          </div>
          <section className="panel" aria-labelledby="vulns-trend-title">
            <h2 id="vulns-trend-title">Open findings, last 30 days</h2>
            <Trend summary={data} />
          </section>
          <VulnsBreakdowns summary={data} />
        </>
      )}
    </>
  );
}
