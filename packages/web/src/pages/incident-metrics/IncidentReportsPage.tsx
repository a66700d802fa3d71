import { durationText, type MonthlyReport, rateText } from '@citysoc/core';
import { useCallback, useMemo, useState } from 'react';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField } from '../../components/FormField.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { IncidentsNav } from '../incidents/IncidentsNav.tsx';
import { ComplianceBars } from './ComplianceBars.tsx';
import { fetchMonthlyReport, monthlyReportPath } from './incident-reports-api.ts';
import { recentMonths } from './metrics-display.ts';

const MONTHS_OFFERED = 24;
type TrendRow = MonthlyReport['trend'][number];

const trendColumns: readonly Column<TrendRow>[] = [
  { header: 'Month', cell: (t) => t.month },
  { header: 'Cases', cell: (t) => t.incidents.toLocaleString(), className: 'numeric' },
  { header: 'MTTD median', cell: (t) => durationText(t.mttd.medianMinutes), className: 'numeric' },
  { header: 'MTTR median', cell: (t) => durationText(t.mttr.medianMinutes), className: 'numeric' },
];

function Preview({ report }: { report: MonthlyReport }) {
  return (
    <>
      <div className="stat-grid">
        <StatCard label="Opened" value={report.activity.opened.toLocaleString()} testId="stat-report-opened" />
        <StatCard label="Closed" value={report.activity.closed.toLocaleString()} testId="stat-report-closed" />
        <StatCard
          label="Open at month end"
          value={report.activity.openAtEnd.toLocaleString()}
          detail={`${report.activity.openAtStart.toLocaleString()} at its start`}
          testId="stat-report-open"
        />
        <StatCard label="Resolve SLA met" value={rateText(report.summary.sla.resolve.rate)} testId="stat-report-sla" />
      </div>
      <div className="intel-columns">
        <section className="panel" aria-labelledby="report-sla-title">
          <h2 id="report-sla-title">SLA compliance</h2>
          <ComplianceBars summary={report.summary} testId="report-sla" />
        </section>
        <section className="panel" aria-labelledby="report-trend-title">
          <h2 id="report-trend-title">MTTD and MTTR, six months</h2>
          <DataTable
            label="MTTD and MTTR per month"
            columns={trendColumns}
            rows={report.trend}
            rowKey={(t) => t.month}
          />
        </section>
      </div>
      <section className="panel" aria-labelledby="report-techniques-title">
        <h2 id="report-techniques-title">Top ATT&amp;CK techniques</h2>
        {report.techniques.length === 0 ? (
          <p className="empty-state">No case of the month named a technique.</p>
        ) : (
          <ul>
            {report.techniques.map((t) => (
              <li key={t.id ?? t.name}>
                {t.id} {t.name === t.id ? '' : t.name}: {t.incidents.toLocaleString()}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** /incidents/reports: the monthly governance report for the CIO, previewed and downloadable as HTML or PDF. */
export function IncidentReportsPage() {
  const months = useMemo(() => recentMonths(new Date(), MONTHS_OFFERED), []);
  const [month, setMonth] = useState(months[0] ?? '');
  const load = useCallback(() => fetchMonthlyReport(month), [month]);
  const report = useApiData(load);

  return (
    <>
      <h1>Reports</h1>
      <IncidentsNav />
      <form className="search-form" aria-label="Report month" onSubmit={(event) => event.preventDefault()}>
        <FormField id="report-month" label="Month">
          <select id="report-month" value={month} onChange={(event) => setMonth(event.target.value)}>
            {months.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </FormField>
      </form>
      <p className="posture-exports" data-testid="monthly-report-downloads">
        <span className="muted">Monthly governance report:</span>
        <a href={monthlyReportPath(month, 'html')} download data-testid="monthly-report-html">
          HTML
        </a>
        <a href={monthlyReportPath(month, 'pdf')} download data-testid="monthly-report-pdf">
          PDF
        </a>
      </p>
      <ErrorMessage error={report.error} />
      {report.data === undefined ? (
        report.loading && <p className="empty-state">Loading…</p>
      ) : (
        <Preview report={report.data} />
      )}
    </>
  );
}
