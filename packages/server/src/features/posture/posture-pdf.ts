import {
  type Control,
  type DirectionScores,
  PostureDirection,
  type PostureReport,
  type PostureScore,
} from '@citysoc/core';
import { pdfText, startPdfReport } from '../../platform/pdf-document.ts';

/**
 * The auditors' PDF of the posture: scores of the city, the departments and the services per direction, then
 * every gap with the framework references of its control (drawn with the shared report blocks of
 * `platform/pdf-document.ts`).
 */

export interface PosturePdfInput {
  report: PostureReport;
  controls: readonly Control[];
  /** What the report covers, in words: "All departments", or one department's name. */
  scope: string;
  departmentName: (id: string) => string;
  serviceName: (id: string) => string;
  generatedAt: Date;
}

export const DIRECTION_TITLES: Readonly<Record<PostureDirection, string>> = {
  physical: 'Physical',
  system: 'System',
  network: 'Network',
  data_application: 'Data & application',
  management: 'Management',
};

const STATUS_TITLES = { fail: 'Failing', stale: 'Stale evidence', missing: 'No evidence' } as const;

/** Longest reason printed in a cell; the CSV has it whole. */
const REASON_MAX = 300;
/**
 * Gaps listed one by one, longest-standing first; past this the PDF would run to hundreds of pages (and take
 * seconds to draw), so it says how many more there are and the per-control table and the CSV cover them.
 */
export const PDF_GAPS_LISTED = 2000;

const score = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(1));

function scoreRow(name: string, s: PostureScore): string[] {
  const directions: DirectionScores = s.directions;
  return [
    pdfText(name, 80),
    score(s.score),
    ...PostureDirection.options.map((d) => score(directions[d])),
    `${s.passing} / ${s.results}`,
  ];
}

const SCORE_HEADER = ['', 'Overall', ...PostureDirection.options.map((d) => DIRECTION_TITLES[d]), 'Passing'];

interface ControlGaps {
  control: string;
  title: string;
  direction: PostureDirection;
  fail: number;
  stale: number;
  missing: number;
}

/** The gaps counted per control and status, controls in id order. */
export function gapsByControl(gaps: PostureReport['gaps']): ControlGaps[] {
  const counts = new Map<string, ControlGaps>();
  for (const g of gaps) {
    let row = counts.get(g.control);
    if (!row) {
      row = { control: g.control, title: g.title, direction: g.direction, fail: 0, stale: 0, missing: 0 };
      counts.set(g.control, row);
    }
    row[g.status]++;
  }
  return [...counts.values()].sort((a, b) => a.control.localeCompare(b.control));
}

const references = (control: Control | undefined): string =>
  control === undefined
    ? ''
    : [
        control.references.iso27001.length > 0 ? `ISO 27001 ${control.references.iso27001.join(', ')}` : null,
        control.references.nist_csf.length > 0 ? `CSF ${control.references.nist_csf.join(', ')}` : null,
        control.references.iec62443.length > 0 ? `62443 ${control.references.iec62443.join(', ')}` : null,
      ]
        .filter((part) => part !== null)
        .join('; ');

/** Renders the report; resolves to the whole PDF file. */
export async function posturePdf(input: PosturePdfInput): Promise<Buffer> {
  const { report } = input;
  const pdf = startPdfReport({
    title: 'CitySOC security posture report',
    subject: `Security posture: ${input.scope}`,
    generatedAt: input.generatedAt,
    layout: 'landscape',
  });
  const { doc } = pdf;
  doc.font('Helvetica-Bold').fontSize(18).text('CitySOC security posture report');
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  doc.text(pdfText(`Scope: ${input.scope}`));
  doc.text(`Evaluated: ${report.evaluated_at}    Generated: ${input.generatedAt.toISOString()}`);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12);
  doc.text(
    `City score: ${score(report.city.score)} / 100 (${report.city.passing} of ${report.city.results} results passing)`,
  );
  doc.font('Helvetica').fontSize(8.5).moveDown(0.3);
  doc.text(
    'Scores are the weighted share of passing control results, 0-100; "n/a" where no control applies. ' +
      'Stale or missing evidence counts as failing. References: ISO/IEC 27001:2022 Annex A, NIST CSF 2.0, ' +
      'IEC 62443-3-3.',
  );

  const scoreWidths = [170, 60, 60, 60, 60, 90, 70, 60];
  pdf.heading('Scores per direction');
  await pdf.table(
    SCORE_HEADER.map((h, i) => (i === 0 ? 'Scope' : h)),
    [
      scoreRow('City (all departments)', report.city),
      ...report.departments.map((d) => scoreRow(input.departmentName(d.id), d)),
    ],
    scoreWidths,
  );
  if (report.services.length > 0) {
    pdf.heading('Services');
    await pdf.table(
      SCORE_HEADER.map((h, i) => (i === 0 ? 'Service' : h)),
      report.services.map((s) => scoreRow(input.serviceName(s.id), s)),
      scoreWidths,
    );
  }

  const byId = new Map(input.controls.map((c) => [c.id, c]));
  pdf.heading(`Gaps by control (${report.gaps.length} gaps)`);
  if (report.gaps.length === 0) {
    doc.text('No gaps: every control in scope passes.');
  } else {
    await pdf.table(
      ['Control', 'Title', 'Direction', 'Failing', 'Stale evidence', 'No evidence', 'References'],
      gapsByControl(report.gaps).map((c) => [
        c.control,
        pdfText(c.title, 120),
        DIRECTION_TITLES[c.direction],
        String(c.fail),
        String(c.stale),
        String(c.missing),
        references(byId.get(c.control)),
      ]),
      [62, 190, 90, 50, 60, 60, 250],
    );
    pdf.heading('Gaps, longest-standing first');
    const listed = report.gaps.slice(0, PDF_GAPS_LISTED);
    await pdf.table(
      ['Control', 'Title', 'Target', 'Department', 'Status', 'Reason', 'Since', 'References'],
      listed.map((g) => [
        g.control,
        pdfText(g.title, 120),
        pdfText(`${g.target.id}${g.target.kind === 'department' ? ' (department)' : ''}`, 80),
        pdfText(input.departmentName(g.department), 60),
        STATUS_TITLES[g.status],
        pdfText(g.reason, REASON_MAX),
        g.since.slice(0, 10),
        references(byId.get(g.control)),
      ]),
      [62, 110, 80, 70, 55, 170, 55, 160],
    );
    if (report.gaps.length > listed.length) {
      doc
        .moveDown(0.5)
        .text(
          `${(report.gaps.length - listed.length).toLocaleString('en-US')} more gaps are not listed here; ` +
            'the table by control counts them all, and the CSV export lists every one.',
          doc.page.margins.left,
        );
    }
  }

  return pdf.finish('CitySOC posture report');
}
