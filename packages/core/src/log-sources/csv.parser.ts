/*
 * Hand-written: one delimited record on one line (PAN-OS syslog and similar), read in one linear scan. The npm
 * CSV packages are stream- and file-oriented; a log line needs neither.
 */

/**
 * Splits one line into its fields. A field that starts with `"` is quoted: it may hold the delimiter, and `""`
 * inside it is one quote; an unterminated quote runs to the end of the line. Unquoted fields are kept as
 * written (no trimming).
 */
export function parseCsvLine(text: string, delimiter = ','): string[] {
  const d = delimiter.charCodeAt(0);
  const fields: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let chunk = i + 1;
      let j = chunk;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) {
          value += text.slice(chunk);
          i = n;
          break;
        }
        if (text.charCodeAt(j + 1) === 34) {
          value += text.slice(chunk, j + 1);
          j += 2;
          chunk = j;
          continue;
        }
        value += text.slice(chunk, j);
        i = j + 1;
        break;
      }
      // Anything between the closing quote and the next delimiter is kept, as a lenient reader would.
      let end = i;
      while (end < n && text.charCodeAt(end) !== d) end++;
      fields.push(end > i ? value + text.slice(i, end) : value);
      i = end;
    } else {
      let end = i;
      while (end < n && text.charCodeAt(end) !== d) end++;
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i >= n) return fields;
    i++; // the delimiter
  }
}
