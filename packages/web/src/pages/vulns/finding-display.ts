import type { FindingStatus } from '../../api/vulns-schemas.ts';
import { daysUntil } from './finding-filters.ts';

export const STATUS_TITLES: Readonly<Record<FindingStatus, string>> = {
  open: 'Open',
  accepted: 'Risk accepted',
  fixed: 'Fixed',
  false_positive: 'False positive',
};

/** P1 red to P4 grey, the same scale as alert levels. */
export const PRIORITY_CLASSES: Readonly<Record<string, string>> = {
  P1: 'badge level level-critical',
  P2: 'badge level level-high',
  P3: 'badge level level-medium',
  P4: 'badge level level-low',
};

/** How a due date reads today: "overdue by 3 d", "in 5 d", "today"; `urgent` within a week or past. */
export function dueText(due: string, today: string): { readonly text: string; readonly urgent: boolean } {
  const days = daysUntil(due, today);
  if (Number.isNaN(days)) return { text: due, urgent: false };
  if (days < 0) return { text: `overdue by ${-days} d`, urgent: true };
  if (days === 0) return { text: 'due today', urgent: true };
  return { text: `in ${days} d`, urgent: days <= 7 };
}

/** EPSS as a percentage with the precision it has at the low end (0.04 %, 3.1 %, 97 %). */
export function formatEpss(epss: number | null): string {
  if (epss === null) return '—';
  const percent = epss * 100;
  const digits = percent < 1 ? 2 : percent < 10 ? 1 : 0;
  return `${percent.toFixed(digits)} %`;
}

/**
 * The first `shown` items and how many more there are: a core switch supports dozens of services, and the
 * table row stays readable; the full list is in the cell's tooltip and the finding's detail.
 */
export function firstOf(items: readonly string[], shown: number): { readonly items: string[]; readonly more: number } {
  return { items: items.slice(0, shown), more: Math.max(0, items.length - shown) };
}
