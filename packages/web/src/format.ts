/** Display formatting in the reader's locale. Every function returns plain text for React to escape. */

/** Shown wherever the server answered null because the caller may not see the figure: unknown, not zero. */
export const NOT_PERMITTED = '—';

export function formatCount(value: number | null): string {
  return value === null ? NOT_PERMITTED : value.toLocaleString();
}

export function formatDateTime(iso: string | null, whenNull = 'Never'): string {
  if (iso === null) return whenNull;
  const date = new Date(iso);
  // Show what the server sent rather than "Invalid Date" if it is ever not an ISO timestamp.
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** "3 d 4 h", "2 h 5 min", "42 s": uptime at the precision an operator cares about. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days.toLocaleString()} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds % 60} s`;
  return `${seconds} s`;
}

export function formatLatency(ms: number): string {
  return `${ms.toLocaleString(undefined, { maximumFractionDigits: 1 })} ms`;
}

/** An event's time to the millisecond: events from one burst differ only there. */
export function formatEventTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
  });
}

/** A histogram axis time: the date alone when bars are days or longer, else the date and the minute. */
export function formatAxisTime(ms: number, withTime: boolean): string {
  const date = new Date(ms);
  return withTime
    ? date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}
