/** The date parts the time modifiers extract (spec 2.1 "Time Modifiers"). */
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export const TIME_PARTS: ReadonlySet<string> = new Set<TimePart>(['minute', 'hour', 'day', 'week', 'month', 'year']);

// The spec says time modifiers do no timezone conversion, so an ISO-like string is read as written.
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function dateParts(value: unknown): DateParts | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch numbers: below 1e11 they can only be seconds (1e11 s is the year 5138), otherwise milliseconds.
    const d = new Date(Math.abs(value) < 1e11 ? value * 1000 : value);
    if (Number.isNaN(d.getTime())) return null;
    const [year, month, day, hour, minute] = [
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
    ];
    return { year, month, day, hour, minute };
  }
  if (typeof value !== 'string') return null;
  const m = ISO_LIKE.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return { year, month, day, hour, minute };
}

/** ISO-8601 week number (1–53) of a calendar date. */
function isoWeek(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const firstDay = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - firstDay) / 86_400_000 + 1) / 7);
}

/** Extracts one part of a date-valued event field; `null` when the value is not a recognisable date. */
export function extractTimePart(value: unknown, part: TimePart): number | null {
  const p = dateParts(value);
  if (!p) return null;
  return part === 'week' ? isoWeek(p.year, p.month, p.day) : p[part];
}
