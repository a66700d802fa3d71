import type { EventHistogram } from '@citysoc/core';

/** One bar of the events-over-time chart: the events with `startMs <= timestamp < endMs`. */
export interface HistogramBar {
  readonly startMs: number;
  readonly endMs: number;
  readonly count: number;
}

export interface HistogramLayout {
  readonly bars: readonly HistogramBar[];
  readonly total: number;
  readonly maxCount: number;
  /** How long one bar is, e.g. "1 hour" or "20 days", for the chart's description. */
  readonly barSpan: string;
}

/** More bars than this are thinner than a pixel on a laptop screen; neighbouring buckets are merged instead. */
export const MAX_BARS = 120;

/** With all time and few events, one bar would fill the chart: it spans at least this many buckets. */
export const MIN_SLOTS = 30;

const INTERVAL_MS: Readonly<Record<EventHistogram['interval'], number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

function plural(count: number, unit: string): string {
  return `${count.toLocaleString()} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * Lays the server's buckets out as evenly spaced bars from the start of the range (or the first bucket, for
 * all time) to now. The server returns only non-empty buckets, so the gaps are filled with zero here; long
 * ranges are merged `k` buckets to a bar to stay within MAX_BARS. Buckets are UTC-aligned, as are the slots.
 */
export function layoutHistogram(histogram: EventHistogram, startMs: number | null, nowMs: number): HistogramLayout {
  const step = INTERVAL_MS[histogram.interval];
  const floor = (ms: number): number => Math.floor(ms / step) * step;
  const buckets = histogram.buckets
    .map((bucket) => ({ at: Date.parse(bucket.start), count: bucket.count }))
    .filter((bucket) => !Number.isNaN(bucket.at));
  const times = buckets.map((bucket) => bucket.at);

  // Events stamped in the future (a sender's wrong clock) still match a search without `to`: include them.
  const last = Math.max(floor(nowMs), ...times);
  const first = Math.min(floor(startMs ?? Math.min(times[0] ?? nowMs, last - (MIN_SLOTS - 1) * step)), ...times);
  const slots = Math.round((last - first) / step) + 1;
  const perBar = Math.ceil(slots / MAX_BARS);
  const counts = new Array<number>(Math.ceil(slots / perBar)).fill(0);
  for (const bucket of buckets) {
    const index = Math.floor(Math.round((bucket.at - first) / step) / perBar);
    counts[index] = (counts[index] ?? 0) + bucket.count;
  }

  const barMs = perBar * step;
  const bars = counts.map((count, index) => ({
    startMs: first + index * barMs,
    endMs: first + (index + 1) * barMs,
    count,
  }));
  return {
    bars,
    total: counts.reduce((sum, count) => sum + count, 0),
    maxCount: Math.max(0, ...counts),
    barSpan: plural(perBar, histogram.interval),
  };
}
