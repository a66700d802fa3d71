/*
 * Zeek's default ASCII ("TSV") log writer: `#separator`, `#set_separator`, `#empty_field`, `#unset_field`,
 * `#path`, `#fields` and `#types` header lines, then one tab-separated row per record. A row means nothing
 * without the `#fields` line before it, so this reader keeps that state across lines: it is used where a
 * whole file is read (file replay), never per line on the syslog path, where a lone row stays text.
 *
 * Rows become the objects Zeek's JSON writer would have written (same field names, `_path`, numbers, booleans,
 * arrays, unset fields left out), so the `zeek` log source maps both formats with one definition.
 */

/** What one line of a Zeek TSV log is: a header (consumed), a record, or text that is not a record. */
export type ZeekTsvLine =
  { kind: 'header' } | { kind: 'record'; record: Record<string, unknown> } | { kind: 'text'; line: string };

interface Header {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | null;
  fields: string[] | null;
  types: string[] | null;
}

/** Whether a file (its first bytes) is a Zeek TSV log. */
export function isZeekTsv(head: string): boolean {
  return head.trimStart().startsWith('#separator ');
}

/** Zeek writes `\xHH` for separators and unprintable bytes, and `\\` for a backslash. */
function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|\\)/g, (_m, code: string) =>
    code === '\\' ? '\\' : String.fromCharCode(parseInt(code.slice(1), 16)),
  );
}

const INTEGER_TYPES = new Set(['count', 'int', 'port']);
const FLOAT_TYPES = new Set(['time', 'interval', 'double']);

function scalar(text: string, type: string): unknown {
  if (INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type)) {
    const n = Number(text);
    // A count beyond 2^53 would lose digits as a number; it is kept as written.
    if (!Number.isFinite(n) || (INTEGER_TYPES.has(type) && !Number.isSafeInteger(n))) return unescape(text);
    return n;
  }
  if (type === 'bool') return text === 'T' ? true : text === 'F' ? false : unescape(text);
  return unescape(text);
}

/** `set[string]`, `vector[addr]` → the element type; null for a scalar type. */
function elementType(type: string): string | null {
  const m = /^(?:set|vector|table)\[(.*)\]$/.exec(type);
  return m === null ? null : m[1]!;
}

/**
 * Reads a Zeek TSV log line by line. Every `#separator` line starts a new header block (a rotated or
 * concatenated file), so later `#fields` lines replace earlier ones.
 */
export class ZeekTsvReader {
  private header: Header = ZeekTsvReader.emptyHeader();

  private static emptyHeader(): Header {
    return {
      separator: '\t',
      setSeparator: ',',
      emptyField: '(empty)',
      unsetField: '-',
      path: null,
      fields: null,
      types: null,
    };
  }

  read(line: string): ZeekTsvLine {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.startsWith('#')) return this.readHeader(text) ? { kind: 'header' } : { kind: 'text', line };
    const { fields, types } = this.header;
    if (fields === null || text === '') return { kind: 'text', line };
    const values = text.split(this.header.separator);
    // A row of another shape than its header is not trusted to be a record; it is kept as text.
    if (values.length !== fields.length) return { kind: 'text', line };
    const record: Record<string, unknown> = {};
    if (this.header.path !== null) record._path = this.header.path;
    for (let i = 0; i < fields.length; i++) {
      const value = values[i]!;
      if (value === this.header.unsetField) continue;
      const type = types?.[i] ?? 'string';
      const element = elementType(type);
      if (element === null) {
        record[fields[i]!] = value === this.header.emptyField && type === 'string' ? '' : scalar(value, type);
      } else {
        record[fields[i]!] =
          value === this.header.emptyField
            ? []
            : value.split(this.header.setSeparator).map((item) => scalar(item, element));
      }
    }
    return { kind: 'record', record };
  }

  /** Applies a `#name value` header line; false when the line is not one Zeek writes. */
  private readHeader(text: string): boolean {
    if (text.startsWith('#separator ')) {
      this.header = ZeekTsvReader.emptyHeader();
      this.header.separator = unescape(text.slice('#separator '.length)) || '\t';
      return true;
    }
    const separator = this.header.separator;
    const cut = text.indexOf(separator);
    const name = cut < 0 ? text.slice(1) : text.slice(1, cut);
    const rest = cut < 0 ? '' : text.slice(cut + separator.length);
    switch (name) {
      case 'set_separator':
        this.header.setSeparator = unescape(rest) || ',';
        return true;
      case 'empty_field':
        this.header.emptyField = rest;
        return true;
      case 'unset_field':
        this.header.unsetField = rest;
        return true;
      case 'path':
        this.header.path = rest === '' ? null : rest;
        return true;
      case 'fields':
        this.header.fields = rest.split(separator);
        return true;
      case 'types':
        this.header.types = rest.split(separator);
        return true;
      case 'open':
      case 'close':
        return true;
      default:
        return false;
    }
  }
}
