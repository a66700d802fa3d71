import type { VulnsSummary } from '../../api/vulns-schemas.ts';

export type TrendDay = VulnsSummary['trend'][number];

const DAY_MS = 86_400_000;
const dayMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/**
 * Every day from the first to the last of the trend, oldest first. A day the server left out had no change:
 * the open count carries over and nothing was opened or fixed. Days with an unreadable date are dropped.
 */
export function fillTrendDays(trend: readonly TrendDay[]): TrendDay[] {
  const days = trend.filter((day) => !Number.isNaN(dayMs(day.date))).sort((a, b) => dayMs(a.date) - dayMs(b.date));
  const filled: TrendDay[] = [];
  for (const day of days) {
    const previous = filled.at(-1);
    if (previous !== undefined) {
      for (let at = dayMs(previous.date) + DAY_MS; at < dayMs(day.date); at += DAY_MS) {
        filled.push({ date: new Date(at).toISOString().slice(0, 10), open: previous.open, opened: 0, fixed: 0 });
      }
    }
    if (previous?.date !== day.date) filled.push(day);
  }
  return filled;
}

export interface TrendTotals {
  readonly opened: number;
  readonly fixed: number;
  /** Open at the end minus open at the start: negative is progress. */
  readonly change: number;
}

export function trendTotals(days: readonly TrendDay[]): TrendTotals {
  const first = days[0];
  const last = days.at(-1);
  return {
    opened: days.reduce((sum, day) => sum + day.opened, 0),
    fixed: days.reduce((sum, day) => sum + day.fixed, 0),
    change: first === undefined || last === undefined ? 0 : last.open - first.open,
  };
}
