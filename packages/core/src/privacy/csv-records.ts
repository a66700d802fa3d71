/**
 * Splits a CSV text stream into records, one record per entry, before any field parsing. It exists for hostile
 * input: a CSV parser that meets a stray or unclosed quote either stops or reads the rest of the file as one field.
 * Splitting first — at a newline outside quotes, which is where RFC 4180 ends a record — confines a malformed
 * record to itself, so the caller can count it and carry on with the next one; a record that grows past
 * `maxRecordChars` (an unclosed quote, or no newlines at all) is reported and skipped up to the next newline.
 *
 * Quote parity is enough to know whether a newline is inside a field, because RFC 4180 escapes a quote by
 * doubling it. Blank lines are skipped. A leading byte-order mark and the `\r` of CRLF line ends are removed.
 */
export type CsvRecordText = { line: number; text: string } | { line: number; error: string };

export class CsvRecordSplitter {
  private pending = '';
  private inQuotes = false;
  /** While skipping the rest of an oversized record: ignore everything up to the next newline. */
  private discarding = false;
  private line = 1;
  private started = false;

  constructor(private readonly maxRecordChars: number) {}

  push(chunk: string): CsvRecordText[] {
    const out: CsvRecordText[] = [];
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    if (this.discarding) {
      const newline = text.indexOf('\n');
      if (newline === -1) return out;
      this.discarding = false;
      this.line += 1;
      text = text.slice(newline + 1);
    }
    const buffer = this.pending + text;
    let start = 0;
    let i = this.pending.length;
    // The next quote at or after i, searched again only once i passes it: searching afresh for every record
    // would rescan the whole chunk each time in a file without quotes.
    let quote = buffer.indexOf('"', i);
    for (;;) {
      if (quote !== -1 && quote < i) quote = buffer.indexOf('"', i);
      if (this.inQuotes) {
        if (quote === -1) break;
        this.inQuotes = false;
        i = quote + 1;
        continue;
      }
      const newline = buffer.indexOf('\n', i);
      if (newline !== -1 && (quote === -1 || newline < quote)) {
        this.emit(buffer.slice(start, newline), out);
        start = newline + 1;
        i = start;
      } else if (quote !== -1) {
        this.inQuotes = true;
        i = quote + 1;
      } else {
        break;
      }
    }
    this.pending = buffer.slice(start);
    if (this.pending.length > this.maxRecordChars) {
      out.push({ line: this.line, error: `record longer than ${this.maxRecordChars} characters (unclosed quote?)` });
      this.line += countNewlines(this.pending);
      this.pending = '';
      this.inQuotes = false;
      this.discarding = true;
    }
    return out;
  }

  /** The last record, when the text does not end with a newline. */
  end(): CsvRecordText[] {
    const out: CsvRecordText[] = [];
    if (this.pending !== '' && !this.discarding) this.emit(this.pending, out);
    this.pending = '';
    return out;
  }

  private emit(record: string, out: CsvRecordText[]): void {
    const text = record.endsWith('\r') ? record.slice(0, -1) : record;
    if (text !== '') out.push({ line: this.line, text });
    this.line += countNewlines(record) + 1;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}
