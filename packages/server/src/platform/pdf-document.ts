import PDFDocument from 'pdfkit';

/**
 * Building blocks of CitySOC's PDF reports, drawn with PDFKit's built-in Helvetica so no font file ships with
 * the server. Those fonts only have the Windows-1252 characters, hence `pdfText` on every value from outside.
 * One look for every report (posture, incident, monthly): a bold title, section headings, grey-headed tables, numbered pages.
 */

// Unicode characters Windows-1252 has in 0x80–0x9F; everything else it has is Latin-1.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the standard PDF fonts can show: characters outside Windows-1252 become '?' (rather than the wrong
 * glyph PDFKit would pick), control characters a space, and text longer than `max` is cut with an ellipsis.
 * In a PDF, text is only ever drawn as text, so nothing else needs escaping.
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

export interface PdfReport {
  readonly doc: PDFKit.PDFDocument;
  /** A section heading at the left margin. */
  heading(text: string): void;
  /** A paragraph of body text (already through `pdfText` or not: it is passed through again). */
  paragraph(text: string, options?: { bold?: boolean; size?: number; color?: string }): void;
  /** A table with a grey header row; yields to the event loop every few hundred rows. */
  table(header: readonly string[], rows: readonly string[][], widths: readonly number[]): Promise<void>;
  /** Numbers the pages ("<footer> - page i of n") and resolves to the whole file. */
  finish(footer: string): Promise<Buffer>;
}

/** Rows drawn between two turns of the event loop: PDFKit is synchronous, and the server has other work. */
const ROWS_PER_TURN = 200;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts an A4 report with its document properties. */
export function startPdfReport(options: {
  title: string;
  subject: string;
  generatedAt: Date;
  layout?: 'portrait' | 'landscape';
}): PdfReport {
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margin: 40,
    bufferPages: true,
    info: {
      Title: pdfText(options.title),
      Subject: pdfText(options.subject),
      Creator: 'CitySOC',
      CreationDate: options.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const body = () => doc.font('Helvetica').fontSize(8.5).fillColor('#000000');

  return {
    doc,

    heading(text) {
      doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#000000');
      doc.text(pdfText(text), doc.page.margins.left).moveDown(0.3);
      body();
    },

    paragraph(text, style = {}) {
      doc
        .font(style.bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(style.size ?? 9.5)
        .fillColor(style.color ?? '#000000')
        .text(pdfText(text), doc.page.margins.left);
      body();
    },

    async table(header, rows, widths) {
      body();
      const drawn = doc.table({
        columnStyles: [...widths],
        rowStyles: (row) => (row === 0 ? { backgroundColor: '#e6e6e6' } : undefined),
        defaultStyle: { border: 0.5, borderColor: '#999999', padding: [3, 4, 3, 4] },
      });
      drawn.row(header.map((text) => ({ text: pdfText(text), font: { src: 'Helvetica-Bold' }, type: 'TH' as const })));
      for (let i = 0; i < rows.length; i++) {
        drawn.row((rows[i] ?? []).map((cell) => pdfText(cell)));
        if ((i + 1) % ROWS_PER_TURN === 0) await nextTurn();
      }
      drawn.end();
      doc.x = doc.page.margins.left;
    },

    finish(footer) {
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
          .text(pdfText(`${footer} - page ${i + 1} of ${pages.count}`), doc.page.margins.left, bottom + 12, {
            lineBreak: false,
          });
      }
      doc.end();
      return done;
    },
  };
}
