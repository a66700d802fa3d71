import { durationText, type IncidentMetrics, type MetricsSummary, rateText, type SlaCompliance } from '@citysoc/core';
import type { Tone } from '../../components/StatCard.tsx';

/** The data of the Metrics page's charts and figures, apart from React so it can be tested. */

export type TimeMetric = 'mttd' | 'mtta' | 'mttc' | 'mttr';

export const TIME_METRICS: readonly { readonly key: TimeMetric; readonly short: string; readonly title: string }[] = [
  { key: 'mttd', short: 'MTTD', title: 'Time to detect' },
  { key: 'mtta', short: 'MTTA', title: 'Time to acknowledge' },
  { key: 'mttc', short: 'MTTC', title: 'Time to contain' },
  { key: 'mttr', short: 'MTTR', title: 'Time to resolve' },
];

export const SLA_CLOCKS = [
  { key: 'acknowledge', title: 'Acknowledge' },
  { key: 'contain', title: 'Contain' },
  { key: 'resolve', title: 'Resolve' },
] as const;

export interface TrendLine {
  readonly points: readonly { readonly label: string; readonly value: number }[];
  /** "Median time to detect per month, in hours: 2026-01 0.5, 2026-02 no case …", for screen readers. */
  readonly description: string;
  /** Periods with a value: a line needs at least one. */
  readonly measured: number;
}

const hours = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;

/**
 * The median of one metric per period, in hours. A period without a case of that metric is drawn at 0 but said
 * to have no case, so the chart never claims an instant response where there was none.
 */
export function trendLine(metrics: IncidentMetrics, metric: TimeMetric): TrendLine {
  const title = TIME_METRICS.find((m) => m.key === metric)?.title ?? metric;
  const points = metrics.trend.map((p) => ({ label: p.label, value: hours(p.summary[metric].medianMinutes ?? 0) }));
  const words = metrics.trend.map((p) => {
    const median = p.summary[metric].medianMinutes;
    return `${p.label} ${median === null ? 'no case' : durationText(median)}`;
  });
  return {
    points,
    description: `Median ${title.toLowerCase()} per ${metrics.interval}, in hours: ${words.join(', ')}.`,
    measured: metrics.trend.filter((p) => p.summary[metric].medianMinutes !== null).length,
  };
}

export interface ComplianceBar {
  readonly key: string;
  readonly title: string;
  /** 0–100, the bar's length; 0 when nothing was decided. */
  readonly percent: number;
  readonly text: string;
  readonly tone: Tone;
  readonly label: string;
}

/** Good from 90 %, bad below 75 %: the usual SOC reading of an SLA. */
export function complianceTone(rate: number | null): Tone {
  if (rate === null) return 'neutral';
  return rate >= 0.9 ? 'good' : rate < 0.75 ? 'bad' : 'neutral';
}

export function complianceBars(summary: MetricsSummary): ComplianceBar[] {
  return SLA_CLOCKS.map(({ key, title }) => {
    const c: SlaCompliance = summary.sla[key];
    return {
      key,
      title,
      percent: c.rate === null ? 0 : Math.round(c.rate * 100),
      text: rateText(c.rate),
      tone: complianceTone(c.rate),
      label: `${title}: ${rateText(c.rate)} met (${c.met} met, ${c.breached} breached, ${c.pending} running)`,
    };
  });
}

/** "35 min (mean 2 h 34 min, p90 9 h)": the median first, since means lie with few cases. */
export function statText(summary: MetricsSummary, metric: TimeMetric): string {
  const s = summary[metric];
  if (s.count === 0) return '-';
  return `${durationText(s.medianMinutes)} (mean ${durationText(s.meanMinutes)}, p90 ${durationText(s.p90Minutes)})`;
}

/** The start of a range of `months` months back from `now`, as a day (`YYYY-MM-DD`, UTC). */
export function rangeStart(now: Date, months: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months + 1, 1)).toISOString().slice(0, 10);
}

/** The months a report can be asked for: the current one and the `count − 1` before it, newest first. */
export function recentMonths(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7),
  );
}

/** A figure's card: the median as the value, the count, mean and p90 beneath. */
export function statCard(summary: MetricsSummary, metric: TimeMetric): { value: string; detail: string } {
  const s = summary[metric];
  if (s.count === 0) return { value: '-', detail: 'no case measured' };
  return {
    value: durationText(s.medianMinutes),
    detail: `median of ${s.count}; mean ${durationText(s.meanMinutes)}, p90 ${durationText(s.p90Minutes)}`,
  };
}
