import type { MonthlyReport } from '@citysoc/core';
import { startPdfReport } from '../../platform/pdf-document.ts';
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

/** The monthly governance report as a PDF (A4 portrait), the same sections as the HTML. */
export async function monthlyReportPdf(report: MonthlyReport, generatedBy: string): Promise<Buffer> {
  const title = `CitySOC monthly security report: ${monthTitle(report.month)}`;
  const pdf = startPdfReport({
    title,
    subject: `Incidents, SLA and response times, ${report.month}`,
    generatedAt: new Date(report.generatedAt),
  });
  pdf.paragraph(title, { bold: true, size: 16 });
  pdf.paragraph(`As of ${report.asOf}. Generated ${report.generatedAt} by ${generatedBy}.`, {
    size: 9,
    color: '#555555',
  });
  const section = async (
    heading: string,
    header: readonly string[],
    rows: string[][],
    widths: number[],
    empty: string,
  ) => {
    pdf.heading(heading);
    if (rows.length === 0) pdf.paragraph(empty);
    else await pdf.table(header, rows, widths);
  };
  await section('The month at a glance', ['Figure', 'Value'], headlineFacts(report), [250, 265], '');
  await section('SLA compliance', SLA_HEADER, slaRows(report), [135, 95, 95, 95, 95], 'No incident.');
  await section('Response times', TIMES_HEADER, timesRows(report), [155, 60, 100, 100, 100], 'No incident.');
  await section(
    'MTTD and MTTR over six months',
    TREND_HEADER,
    trendRows(report),
    [65, 60, 100, 100, 95, 95],
    'No incident.',
  );
  await section('Incidents by severity', SEVERITY_HEADER, severityRows(report), [175, 170, 170], 'No incident.');
  await section(
    'Incidents by service',
    SERVICE_HEADER,
    serviceRows(report),
    [275, 120, 120],
    'No incident named an affected service.',
  );
  await section('Incidents by department', DEPARTMENT_HEADER, departmentRows(report), [395, 120], 'No incident.');
  await section(
    'Top ATT&CK techniques',
    TECHNIQUE_HEADER,
    techniqueRows(report),
    [90, 305, 120],
    'No incident named an ATT&CK technique.',
  );
  await section(
    "The month's incidents",
    INCIDENT_HEADER,
    incidentRows(report),
    [55, 170, 50, 60, 80, 100],
    'No incident was opened.',
  );
  pdf.paragraph(REPORT_NOTE, { size: 8, color: '#555555' });
  return pdf.finish(`CitySOC monthly report ${report.month}`);
}
