/** How a timestamp field is written; `auto` accepts ISO-8601 strings and epoch seconds as numbers. */
export type TimestampFormat = 'auto' | 'iso8601' | 'unix' | 'unix_ms' | 'syslog';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;
const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
/** `Mmm dd [yyyy] hh:mm:ss[.fff]`, the BSD syslog (RFC 3164) form, optionally with a year (Cisco, rsyslog). */
const BSD = /^(\w{3}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

const EPOCH_SECONDS = /^\d{10}(\.\d{1,9})?$/;
const EPOCH_MILLIS = /^\d{13}$/;

/** Builds a UTC instant and rejects rollovers (Feb 30, 25:00) that `Date.UTC` would silently accept. */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms);
  const check = new Date(t);
  return check.getUTCDate() === d && check.getUTCMonth() === mo ? t : null;
}

function toIso(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year >= 1970 && year <= 9999 ? date.toISOString() : null;
}

/**
 * ISO-8601 / RFC 3339 with any offset (`+0100`, `+01:00`, `Z`); a missing offset means UTC. The date may also
 * be written `2020/06/01` (PAN-OS).
 */
export function parseIsoTimestamp(text: string): string | null {
  // The slash form is rewritten rather than allowed in ISO: that regex runs for nearly every JSON event.
  const m =
    ISO.exec(text) ??
    (text.charCodeAt(4) === 47 && text.charCodeAt(7) === 47
      ? ISO.exec(`${text.slice(0, 4)}-${text.slice(5, 7)}-${text.slice(8)}`)
      : null);
  if (m === null) return null;
  const fraction = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const base = utc(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, fraction);
  if (base === null) return null;
  const zone = m[8];
  let offsetMinutes = 0;
  if (zone !== undefined && zone[0] !== 'Z' && zone[0] !== 'z' && zone !== 'UTC') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return toIso(base - offsetMinutes * 60_000);
}

/**
 * BSD syslog time. It has no year and no zone: the zone is taken as UTC, and the year is the one that puts
 * the event closest before `nowMs` (a December line read in January belongs to last year).
 */
export function parseBsdTimestamp(text: string, nowMs: number): string | null {
  const m = BSD.exec(text);
  if (m === null) return null;
  const month = MONTHS[m[1]!];
  if (month === undefined) return null;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const parts = [month, +m[2]!, +m[4]!, +m[5]!, +m[6]!, ms] as const;
  if (m[3] !== undefined) return toIso(utc(+m[3], ...parts));
  const year = new Date(nowMs).getUTCFullYear();
  const thisYear = utc(year, ...parts);
  // A day of slack for clock skew between the sender and us before deciding the line is from last year.
  if (thisYear !== null && thisYear <= nowMs + 86_400_000) return toIso(thisYear);
  return toIso(utc(year - 1, ...parts));
}

const DECIMAL = /^(\d+)(?:\.(\d*))?$/;

/**
 * Epoch seconds or milliseconds to ISO. Sub-millisecond digits are cut, as ISO fractions are, so one event
 * written both ways (Zeek TSV `ts` 1521911720.629574, Zeek JSON "…20.629574Z") gets the same time. The digits
 * are read from the decimal text because `1521911720.629 * 1000` is not exactly an integer in floating point.
 */
function fromEpoch(value: unknown, scale: 1000 | 1): string | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = DECIMAL.exec(text);
  if (m !== null) {
    const whole = Number(m[1]);
    const fraction = scale === 1000 ? Number((m[2] ?? '').slice(0, 3).padEnd(3, '0')) : 0;
    return toIso(whole * scale + fraction);
  }
  // Exponent notation, signs: rare enough for plain arithmetic.
  const n = text === '' ? NaN : Number(text);
  return Number.isFinite(n) ? toIso(Math.floor(n * scale)) : null;
}

/** Converts a field value to ISO-8601 UTC, or null when it is missing or not a valid time. Never throws. */
export function normaliseTimestamp(value: unknown, format: TimestampFormat, nowMs: number): string | null {
  switch (format) {
    case 'unix':
      return fromEpoch(value, 1000);
    case 'unix_ms':
      return fromEpoch(value, 1);
    case 'iso8601':
      return typeof value === 'string' ? parseIsoTimestamp(value) : null;
    case 'syslog':
      return typeof value === 'string' ? (parseBsdTimestamp(value, nowMs) ?? parseIsoTimestamp(value)) : null;
    case 'auto':
      if (typeof value === 'number') return fromEpoch(value, 1000);
      if (typeof value !== 'string') return null;
      // Epoch written as text (CEF `rt`, some NXLog fields): 10 digits are seconds, 13 are milliseconds.
      if (EPOCH_SECONDS.test(value)) return fromEpoch(value, 1000);
      if (EPOCH_MILLIS.test(value)) return fromEpoch(value, 1);
      return parseIsoTimestamp(value) ?? parseBsdTimestamp(value, nowMs);
  }
}
