import {
  type Control,
  type DirectionScores,
  PostureDirection,
  type PostureReport,
  type PostureScore,
} from '@citysoc/core';
import PDFDocument from 'pdfkit';

/**
 * The auditors' PDF of the posture: scores of the city, the departments and the services per direction, then
 * every gap with the framework references of its control. Drawn with PDFKit's built-in Helvetica, so no font
 * file ships with the server; those fonts only have the Windows-1252 characters (see `pdfText`).
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

// Unicode characters Windows-1252 has in 0x80–0x9F; everything else it has is Latin-1.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the standard PDF fonts can show: characters outside Windows-1252 become '?' (rather than the wrong
 * glyph PDFKit would pick), control characters a space. Names and reasons come from devices and inventory
 * files, so anything may be in them; in a PDF they are only ever drawn as text.
 */
export function pdfText(text: string, max = Infinity): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else if (code <= 0xff || CP1252_EXTRA.has(ch)) out += ch;
    else out += '?';
  }
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

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

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text, doc.page.margins.left).moveDown(0.3);
  doc.font('Helvetica').fontSize(8.5);
}

/** Rows drawn between two turns of the event loop: PDFKit is synchronous, and the server has other work. */
const ROWS_PER_TURN = 200;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function table(
  doc: PDFKit.PDFDocument,
  header: readonly string[],
  rows: readonly string[][],
  widths: number[],
): Promise<void> {
  doc.font('Helvetica').fontSize(8.5);
  const drawn = doc.table({
    columnStyles: widths,
    rowStyles: (row) => (row === 0 ? { backgroundColor: '#e6e6e6' } : undefined),
    defaultStyle: { border: 0.5, borderColor: '#999999', padding: [3, 4, 3, 4] },
  });
  drawn.row(header.map((text) => ({ text, font: { src: 'Helvetica-Bold' }, type: 'TH' as const })));
  for (let i = 0; i < rows.length; i++) {
    drawn.row(rows[i] ?? []);
    if ((i + 1) % ROWS_PER_TURN === 0) await nextTurn();
  }
  drawn.end();
}

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
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 40,
    bufferPages: true,
    info: {
      Title: 'CitySOC security posture report',
      Subject: pdfText(`Security posture: ${input.scope}`),
      Creator: 'CitySOC',
      CreationDate: input.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

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
  heading(doc, 'Scores per direction');
  await table(
    doc,
    SCORE_HEADER.map((h, i) => (i === 0 ? 'Scope' : h)),
    [
      scoreRow('City (all departments)', report.city),
      ...report.departments.map((d) => scoreRow(input.departmentName(d.id), d)),
    ],
    scoreWidths,
  );
  if (report.services.length > 0) {
    heading(doc, 'Services');
    await table(
      doc,
      SCORE_HEADER.map((h, i) => (i === 0 ? 'Service' : h)),
      report.services.map((s) => scoreRow(input.serviceName(s.id), s)),
      scoreWidths,
    );
  }

  const byId = new Map(input.controls.map((c) => [c.id, c]));
  heading(doc, `Gaps by control (${report.gaps.length} gaps)`);
  if (report.gaps.length === 0) {
    doc.text('No gaps: every control in scope passes.');
  } else {
    await table(
      doc,
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
    heading(doc, 'Gaps, longest-standing first');
    const listed = report.gaps.slice(0, PDF_GAPS_LISTED);
    await table(
      doc,
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

  // Page numbers go on last, when the number of pages is known.
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    const bottom = doc.page.height - doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555555')
      .text(`CitySOC posture report - page ${i + 1} of ${pages.count}`, doc.page.margins.left, bottom + 12, {
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
