import { startPdfReport } from '../../platform/pdf-document.ts';
import {
  impactSummary,
  type IncidentReportData,
  PLAYBOOK_HEADER,
  playbookRows,
  responseTimes,
  SLA_CLOCK_TITLES,
  slaOutcome,
  summaryFacts,
  titleCase,
} from './incident-report.ts';

/** Longest cell of free text; the HTML report has every text whole. */
const CELL_MAX = 600;
const cut = (text: string, max = CELL_MAX) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The incident report as a PDF (A4 portrait), the same sections as the HTML. */
export async function incidentReportPdf(data: IncidentReportData): Promise<Buffer> {
  const i = data.incident;
  const tlp = `TLP:${data.tlp.toUpperCase()}`;
  const pdf = startPdfReport({
    title: `${i.ref} incident report`,
    subject: `${tlp} ${i.ref}: ${i.title}`,
    generatedAt: data.generatedAt,
  });
  pdf.paragraph(tlp, { bold: true, size: 11, color: data.tlp === 'red' ? '#cc0000' : '#b36b00' });
  pdf.paragraph(`${i.ref}: ${cut(i.title, 300)}`, { bold: true, size: 16 });
  pdf.paragraph(`Generated ${data.generatedAt.toISOString()} by ${data.generatedBy}`, { size: 9, color: '#555555' });

  pdf.heading('Summary');
  pdf.paragraph(i.description === '' ? 'No description.' : cut(i.description, 4000));
  await pdf.table(
    ['Field', 'Value'],
    summaryFacts(data).map(([label, value]) => [label, cut(value)]),
    [150, 365],
  );

  pdf.heading('SLA outcome');
  await pdf.table(
    ['Clock', 'Outcome'],
    [...i.sla.clocks.map((c) => [SLA_CLOCK_TITLES[c.target], slaOutcome(c)]), ...responseTimes(data.times)],
    [200, 315],
  );

  pdf.heading('Impact on services and residents');
  pdf.paragraph(impactSummary(i));
  if (data.services.length > 0) {
    await pdf.table(
      ['Affected service', 'Criticality', 'Residents served'],
      data.services.map((s) => [`${s.name} (${s.id})`, s.criticality, s.population.toLocaleString('en-US')]),
      [285, 100, 130],
    );
  }
  if (data.assets.length > 0) {
    await pdf.table(
      ['Affected asset', 'Type'],
      data.assets.map((a) => [`${a.name} (${a.id})`, a.type]),
      [385, 130],
    );
  }
  if (i.impact !== null && i.impact.services.length > 0) {
    await pdf.table(
      ['Impacted service', 'State', 'Residents', 'Dependency path'],
      i.impact.services.map((s) => [s.name, s.state, s.population.toLocaleString('en-US'), s.path.join(' > ')]),
      [150, 70, 75, 220],
    );
  }

  pdf.heading('Observables');
  if (i.observables.length === 0) pdf.paragraph('No observable recorded.');
  else {
    await pdf.table(
      ['Type', 'Value', 'TLP', 'PAP', 'Blocked'],
      i.observables.map((o) => [
        o.type,
        cut(o.value, 300),
        o.tlp.toUpperCase(),
        o.pap.toUpperCase(),
        o.block ? 'yes' : 'no',
      ]),
      [55, 270, 70, 70, 50],
    );
  }

  pdf.heading('Linked alerts');
  if (i.alerts.length === 0) pdf.paragraph('No alert linked.');
  else {
    await pdf.table(
      ['Time', 'Level', 'Alert', 'Linked because'],
      i.alerts.map((a) => [a.timestamp, a.level ?? '-', cut(a.title, 300), cut(a.reason, 300)]),
      [110, 50, 190, 165],
    );
  }

  pdf.heading('Tasks');
  if (i.tasks.length === 0) pdf.paragraph('No task.');
  else {
    await pdf.table(
      ['Task', 'Status', 'Assignee', 'Due'],
      i.tasks.map((t) => [cut(t.title, 300), titleCase(t.status), t.assigneeName ?? '-', t.due ?? '-']),
      [245, 60, 100, 110],
    );
  }

  if (data.playbookRuns.length > 0) {
    pdf.heading('Playbook runs');
    await pdf.table(
      PLAYBOOK_HEADER,
      playbookRows(data.playbookRuns).map((row) => row.map((cell) => cut(cell))),
      [120, 100, 55, 140, 100],
    );
  }

  pdf.heading('Timeline and actions taken');
  await pdf.table(
    ['Time', 'By', 'What', 'Detail'],
    i.timeline.map((e) => [e.at, e.actor, e.kind, cut(e.text)]),
    [110, 80, 60, 265],
  );

  if (i.comments.length > 0) {
    pdf.heading('Comments');
    await pdf.table(
      ['Time', 'By', 'Comment'],
      i.comments.map((c) => [c.createdAt, c.authorName, cut(c.body, 2000)]),
      [110, 80, 325],
    );
  }

  pdf.heading('Lessons learned');
  pdf.paragraph(data.lessons.text.trim() === '' ? 'Not recorded yet.' : data.lessons.text);
  return pdf.finish(`${tlp} ${i.ref} incident report`);
}
