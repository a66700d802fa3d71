/*
 * Hand-written: the npm syslog parsers (glossy, syslog-parse, nsyslog-parser) are unmaintained or parse only
 * one of the two RFCs, and none handles the real-world variants below without a regex per field. This parser
 * is lenient: what it cannot read in the header stays in `message`, so nothing is lost.
 */

/** The header fields of a syslog line (RFC 5424 names); absent parts are null. Original fields as parsed. */
export type SyslogRecord = {
  priority: number | null;
  facility: number | null;
  severity: number | null;
  version: number | null;
  /** The header's time exactly as written (normalised to ISO-8601 by the log source's timestamp rule). */
  timestamp: string | null;
  hostname: string | null;
  appname: string | null;
  procid: string | null;
  msgid: string | null;
  structured_data: Record<string, Record<string, string>> | null;
  message: string;
};

const PRI = /^<(\d{1,3})>/;
const BSD_TIME = /^\*?(\w{3} {1,2}\d{1,2}(?: \d{4})? \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)(?: [A-Z]{3,4})?:? /;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?) /;
const TAG = /^([^\s:[\]]{1,128})(?:\[([^\]\s]{0,64})\])?: ?/;
const BOM = '\uFEFF';
const YEAR_START = /^\d{4}-/;

function nil(token: string | undefined): string | null {
  return token === undefined || token === '-' ? null : token;
}

/** Parses RFC 5424 SD-ELEMENTs: `[id k="v" …]…`. Returns null on malformed data (caller keeps it in message). */
function parseStructuredData(
  text: string,
  start: number,
): { data: Record<string, Record<string, string>>; end: number } | null {
  const data: Record<string, Record<string, string>> = {};
  let i = start;
  while (text[i] === '[') {
    let j = i + 1;
    while (j < text.length && text[j] !== ' ' && text[j] !== ']') j++;
    const params: Record<string, string> = {};
    data[text.slice(i + 1, j)] = params;
    while (text[j] === ' ') {
      const eq = text.indexOf('="', j);
      if (eq < 0) return null;
      const name = text.slice(j + 1, eq);
      let k = eq + 2;
      let value = '';
      while (k < text.length && text[k] !== '"') {
        if (text[k] === '\\' && (text[k + 1] === '"' || text[k + 1] === '\\' || text[k + 1] === ']')) k++;
        value += text[k];
        k++;
      }
      if (k >= text.length) return null;
      params[name] = value;
      j = k + 1;
    }
    if (text[j] !== ']') return null;
    i = j + 1;
  }
  return { data, end: i };
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** RFC 5424: `VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]` after the PRI. */
function parse5424(line: string, at: number, priority: number | null): SyslogRecord | null {
  let i = at;
  const tokens: string[] = [];
  while (tokens.length < 6) {
    const space = line.indexOf(' ', i);
    if (space < 0) return null;
    tokens.push(line.slice(i, space));
    i = space + 1;
  }
  const [version = '', timestamp, hostname, appname, procid, msgid] = tokens;
  let structured: Record<string, Record<string, string>> | null = null;
  if (line[i] === '-') i += 2;
  else {
    const sd = parseStructuredData(line, i);
    if (sd !== null) {
      structured = sd.data;
      i = sd.end + 1;
    }
  }
  return {
    ...prival(priority),
    version: Number(version),
    timestamp: nil(timestamp),
    hostname: nil(hostname),
    appname: nil(appname),
    procid: nil(procid),
    msgid: nil(msgid),
    structured_data: structured,
    message: stripBom(i <= line.length ? line.slice(i) : ''),
  };
}

function prival(priority: number | null): Pick<SyslogRecord, 'priority' | 'facility' | 'severity'> {
  return priority === null
    ? { priority: null, facility: null, severity: null }
    : { priority, facility: priority >> 3, severity: priority & 7 };
}

/** RFC 3164 and its variants: BSD or ISO time, with or without hostname, `tag[pid]:` optional. */
function parse3164(line: string, at: number, priority: number | null): SyslogRecord | null {
  let rest = line.slice(at);
  const time = BSD_TIME.exec(rest) ?? ISO_TIME.exec(rest);
  if (time === null && priority === null) return null; // no header at all: plain text
  let hostname: string | null = null;
  let appname: string | null = null;
  let procid: string | null = null;
  if (time !== null) {
    rest = rest.slice(time[0].length);
    const space = rest.indexOf(' ');
    const first = space < 0 ? rest : rest.slice(0, space);
    // The hostname is optional: a first word ending in ':' or holding '[' is already the tag.
    if (space > 0 && !first.endsWith(':') && !first.includes('[') && !first.startsWith('CEF:')) {
      hostname = first;
      rest = rest.slice(space + 1);
    }
  }
  const tag = rest.startsWith('CEF:') ? null : TAG.exec(rest);
  if (tag !== null && (tag[0].includes(':') || tag[2] !== undefined)) {
    appname = tag[1]!;
    procid = tag[2] ?? null;
    rest = rest.slice(tag[0].length);
  }
  return {
    ...prival(priority),
    version: null,
    timestamp: time === null ? null : time[1]!,
    hostname,
    appname,
    procid,
    msgid: null,
    structured_data: null,
    message: stripBom(rest),
  };
}

/** Parses a syslog line of either RFC; null when the line has no syslog header (plain text). */
export function parseSyslog(line: string): SyslogRecord | null {
  let at = 0;
  let priority: number | null = null;
  const pri = PRI.exec(line);
  if (pri !== null) {
    const value = Number(pri[1]);
    if (value > 191) return null;
    priority = value;
    at = pri[0].length;
  }
  // RFC 5424 starts with version 1; Check Point and others send it without the PRI.
  if (line.startsWith('1 ', at) && (priority !== null || YEAR_START.test(line.slice(at + 2, at + 7)))) {
    const record = parse5424(line, at, priority);
    if (record !== null) return record;
  }
  return parse3164(line, at, priority);
}
