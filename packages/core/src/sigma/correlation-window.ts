import { type ConditionTest, type CorrelationType } from './correlation-types.ts';

/** One contribution to a group's window: a base-rule match or a hit of a referenced correlation. */
export interface WindowEntry {
  readonly time: number;
  /** position of the referenced rule in the correlation's `rules` */
  readonly position: number;
  readonly events: readonly number[];
  /** `condition.field` value(s) for the value_* types; null when a field is missing */
  readonly value: readonly unknown[] | null;
}

/** The sliding window of one group: entries in time order (arrival order on equal times). */
export interface GroupWindow {
  readonly group: Record<string, unknown>;
  entries: WindowEntry[];
}

/** Inserts in time order; streams are mostly ordered, so this is an append in practice. */
export function insertEntry(window: GroupWindow, entry: WindowEntry): void {
  const { entries } = window;
  let at = entries.length;
  while (at > 0 && entries[at - 1]!.time > entry.time) at--;
  entries.splice(at, 0, entry);
}

/**
 * Drops entries more than `span` ms older than the newest, so the window is [newest - span, newest] with both
 * ends included: events exactly one timespan apart still correlate. Returns how many were dropped.
 */
export function expireEntries(window: GroupWindow, span: number): number {
  const { entries } = window;
  const newest = entries.at(-1)?.time;
  if (newest === undefined) return 0;
  let keep = 0;
  while (keep < entries.length && entries[keep]!.time < newest - span) keep++;
  if (keep > 0) entries.splice(0, keep);
  return keep;
}

function numeric(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Numeric values of the window's entries; non-numeric and missing values do not count (sum and average alike). */
const numbers = (entries: readonly WindowEntry[]) =>
  entries.flatMap((e) => {
    const n = e.value === null ? null : numeric(e.value[0]);
    return n === null ? [] : [n];
  });

/** temporal_ordered: how many of the rules, in the order listed, occur one after another in the window. */
function orderedPrefix(entries: readonly WindowEntry[]): number {
  let next = 0;
  for (const e of entries) if (e.position === next) next++;
  return next;
}

/** The quantity a correlation type compares with its condition, over the current window. */
export function measure(type: CorrelationType, entries: readonly WindowEntry[]): number {
  switch (type) {
    case 'event_count':
      return entries.length;
    case 'value_count':
      return new Set(entries.flatMap((e) => (e.value === null ? [] : [JSON.stringify(e.value)]))).size;
    case 'temporal':
      return new Set(entries.map((e) => e.position)).size;
    case 'temporal_ordered':
      return orderedPrefix(entries);
    case 'value_sum':
      return numbers(entries).reduce((a, b) => a + b, 0);
    case 'value_avg': {
      const values = numbers(entries);
      return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
    }
    case 'value_percentile':
      return Number.NaN; // refused by compileCorrelations; never measured
  }
}

/**
 * The entries a hit reports: the whole window, except that temporal_ordered starts at the first match of its
 * first rule — a later rule's match before it is not part of the sequence.
 */
export function contributing(type: CorrelationType, entries: readonly WindowEntry[]): readonly WindowEntry[] {
  if (type !== 'temporal_ordered') return entries;
  const start = entries.findIndex((e) => e.position === 0);
  return start < 0 ? entries : entries.slice(start);
}

/** Whether `n` passes every test of the condition (a range is two tests, ANDed). NaN passes none. */
export function satisfies(n: number, condition: readonly ConditionTest[]): boolean {
  if (Number.isNaN(n)) return false;
  return condition.every(({ op, value }) => {
    switch (op) {
      case 'gt':
        return n > value;
      case 'gte':
        return n >= value;
      case 'lt':
        return n < value;
      case 'lte':
        return n <= value;
      case 'eq':
        return n === value;
      case 'neq':
        return n !== value;
    }
  });
}
