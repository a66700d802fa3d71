import { inflateSync } from 'node:zlib';

/**
 * What a PDF viewer would show, well enough to check a report: the text drawn by every `TJ`/`Tj` operator of
 * every content stream (PDFKit writes standard-font text as hex strings in Windows-1252), one line each.
 */
export function pdfTextLines(pdf: Buffer): string[] {
  const file = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of file.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      continue; // not a Flate content stream (fonts, metadata)
    }
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hex = [...(op[1] ?? `<${op[2]}>`).matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      lines.push(new TextDecoder('windows-1252').decode(Buffer.from(hex, 'hex')));
    }
  }
  return lines;
}

/** Page objects in the file (`/Type /Page`, not the `/Pages` tree). */
export const pageCount = (pdf: Buffer): number => [...pdf.toString('latin1').matchAll(/\/Type \/Page\b(?!s)/g)].length;
