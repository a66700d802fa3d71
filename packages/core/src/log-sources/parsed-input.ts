import { type CefRecord, parseCef } from './cef.parser.ts';
import { MAX_LINE_LENGTH, parseJsonLine } from './json-line.parser.ts';
import { parseKeyValues } from './kv.parser.ts';
import { type SyslogRecord, parseSyslog } from './syslog.parser.ts';

/**
 * One line after the format-level parse, before any log source looks at it. The format parse runs once per
 * line; log sources then only test and copy fields of `record`.
 */
export type ParsedInput =
  | { kind: 'json'; record: Record<string, unknown> }
  | { kind: 'text'; record: TextRecord; line: string; syslog: SyslogRecord | null; cef: CefRecord | null }
  | { kind: 'unparsable'; error: string; looksLikeText: boolean };

/** The original fields of a text line: syslog header fields and `message`, `cef` and `kv` when present. */
export type TextRecord = Record<string, unknown> & { message: string };

function firstNonSpace(line: string): string {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && c !== '\uFEFF') return c;
  }
  return '';
}

export function parseLine(line: string): ParsedInput {
  if (line.length > MAX_LINE_LENGTH) {
    return { kind: 'unparsable', error: `line longer than ${MAX_LINE_LENGTH} characters`, looksLikeText: false };
  }
  if (firstNonSpace(line) === '{') {
    const json = parseJsonLine(line);
    return json.ok
      ? { kind: 'json', record: json.value }
      : { kind: 'unparsable', error: json.error, looksLikeText: true };
  }
  // Line ends (CRLF files, a stray newline from a shipper) are kept in `raw` but not in the parsed fields.
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 10 || line.charCodeAt(end - 1) === 13)) end--;
  const text = end === line.length ? line : line.slice(0, end);
  const syslog = parseSyslog(text);
  const message = syslog === null ? text : syslog.message;
  const cef = message.startsWith('CEF:') ? parseCef(message) : null;
  const record: TextRecord = syslog === null ? { message } : { ...syslog };
  if (cef !== null) record.cef = cef;
  return { kind: 'text', record, line: text, syslog, cef };
}

/** Adds the `kv` pairs of the message, once, for the key=value log sources (parsed only when one asks). */
export function withKeyValues(record: TextRecord): TextRecord {
  if (record.kv === undefined) record.kv = parseKeyValues(record.message);
  return record;
}
