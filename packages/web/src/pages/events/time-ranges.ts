/** The time ranges of the events page. `from` is what the API reads; null means all time (no `from`). */
export interface TimeRange {
  /** Stored in the page's address as `?range=`, so a shared link searches the same range. */
  readonly id: string;
  readonly label: string;
  readonly from: string | null;
  /** Length in milliseconds, to lay out the histogram from the start of the range; null for all time. */
  readonly spanMs: number | null;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const TIME_RANGES: readonly TimeRange[] = [
  { id: '-15m', label: 'Last 15 minutes', from: '-15m', spanMs: 15 * MINUTE_MS },
  { id: '-1h', label: 'Last hour', from: '-1h', spanMs: HOUR_MS },
  { id: '-24h', label: 'Last 24 hours', from: '-24h', spanMs: DAY_MS },
  { id: '-7d', label: 'Last 7 days', from: '-7d', spanMs: 7 * DAY_MS },
  { id: '-30d', label: 'Last 30 days', from: '-30d', spanMs: 30 * DAY_MS },
  { id: 'all', label: 'All time', from: null, spanMs: null },
];

export const DEFAULT_TIME_RANGE = '-24h';

/** The range named in an address; an unknown or missing id (an old or edited link) gets the default. */
export function timeRangeById(id: string | null): TimeRange {
  const found = TIME_RANGES.find((range) => range.id === id) ?? TIME_RANGES.find((r) => r.id === DEFAULT_TIME_RANGE);
  if (found === undefined) throw new Error(`TIME_RANGES lacks the default ${DEFAULT_TIME_RANGE}`);
  return found;
}

/**
 * The `from` to send to the histogram. Its endpoint counts only the last 24 hours when `from` is omitted,
 * unlike the search, so "all time" has to be spelled out as the start of the epoch.
 */
export const ALL_TIME_FROM = '1970-01-01T00:00:00.000Z';
