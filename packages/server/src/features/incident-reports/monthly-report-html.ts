import type { MonthlyReport } from '@citysoc/core';
import { facts, html, htmlDocument, table } from './html.ts';
import {
  DEPARTMENT_HEADER,
  departmentRows,
  headlineFacts,
  INCIDENT_HEADER,
  incidentRows,
  monthTitle,
  REPORT_NOTE,
  SERVICE_HEADER,
  serviceRows,
  SEVERITY_HEADER,
  severityRows,
  SLA_HEADER,
  slaRows,
  TECHNIQUE_HEADER,
  techniqueRows,
  TIMES_HEADER,
  timesRows,
  TREND_HEADER,
  trendRows,
} from './monthly-report.ts';

/** The monthly governance report as one self-contained HTML document; every value is escaped. */
export function monthlyReportHtml(report: MonthlyReport, generatedBy: string): string {
  const title = `CitySOC monthly security report: ${monthTitle(report.month)}`;
  const body = html`<header>
      <h1>${title}</h1>
      <p class="muted">As of ${report.asOf}. Generated ${report.generatedAt} by ${generatedBy}.</p>
    </header>
    <section>
      <h2>The month at a glance</h2>
      ${facts(headlineFacts(report))}
    </section>
    <section>
      <h2>SLA compliance</h2>
      ${table(SLA_HEADER, slaRows(report), 'No incident.')}
    </section>
    <section>
      <h2>Response times</h2>
      ${table(TIMES_HEADER, timesRows(report), 'No incident.')}
    </section>
    <section>
      <h2>MTTD and MTTR over six months</h2>
      ${table(TREND_HEADER, trendRows(report), 'No incident.')}
    </section>
    <section>
      <h2>Incidents by severity</h2>
      ${table(SEVERITY_HEADER, severityRows(report), 'No incident.')}
    </section>
    <section>
      <h2>Incidents by service</h2>
      ${table(SERVICE_HEADER, serviceRows(report), 'No incident named an affected service.')}
    </section>
    <section>
      <h2>Incidents by department</h2>
      ${table(DEPARTMENT_HEADER, departmentRows(report), 'No incident.')}
    </section>
    <section>
      <h2>Top ATT&amp;CK techniques</h2>
      ${table(TECHNIQUE_HEADER, techniqueRows(report), 'No incident named an ATT&CK technique.')}
    </section>
    <section>
      <h2>The month's incidents</h2>
      ${table(INCIDENT_HEADER, incidentRows(report), 'No incident was opened.')}
    </section>
    <footer>${REPORT_NOTE}</footer>`;
  return htmlDocument(title, body);
}
