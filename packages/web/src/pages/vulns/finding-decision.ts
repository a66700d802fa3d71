import type { FindingDecision, FindingStatus } from '../../api/vulns-schemas.ts';
import { daysUntil } from './finding-filters.ts';

/** What can be decided about a finding in a status; a fixed finding reopens by itself if it matches again. */
export type DecisionKind = 'accepted' | 'false_positive' | 'open';

export function decisionsFor(status: FindingStatus): readonly DecisionKind[] {
  switch (status) {
    case 'open':
      return ['accepted', 'false_positive'];
    case 'accepted':
    case 'false_positive':
      return ['open'];
    case 'fixed':
      return [];
  }
}

export const DECISION_TITLES: Readonly<Record<DecisionKind, string>> = {
  accepted: 'Accept the risk',
  false_positive: 'Mark as false positive',
  open: 'Reopen',
};

/** Accepting a risk for longer than a year is a decision the board should renew, not forget. */
export const MAX_ACCEPT_DAYS = 366;

export type DecisionCheck =
  { readonly ok: true; readonly decision: FindingDecision } | { readonly ok: false; readonly problem: string };

/**
 * The decision the form describes, or the first problem with it: accepting needs a note and an expiry after
 * today and within a year; a false positive needs a note; reopening takes an optional one.
 */
export function checkDecision(kind: DecisionKind, note: string, until: string, today: string): DecisionCheck {
  const text = note.trim();
  if (kind === 'open') return { ok: true, decision: { status: 'open', note: text } };
  if (text === '') return { ok: false, problem: 'Say why, for the audit log.' };
  if (kind === 'false_positive') return { ok: true, decision: { status: 'false_positive', note: text } };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until))) {
    return { ok: false, problem: 'Choose the date the acceptance expires.' };
  }
  const days = daysUntil(until, today);
  if (days <= 0) return { ok: false, problem: 'The acceptance must expire after today.' };
  if (days > MAX_ACCEPT_DAYS) return { ok: false, problem: 'Accept a risk for at most a year, then review it.' };
  return { ok: true, decision: { status: 'accepted', note: text, until } };
}

/** A date `days` after `today` (both `YYYY-MM-DD`). */
export function addDays(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The user's calendar date, `YYYY-MM-DD`, which due dates and expiries are compared with. */
export function localToday(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
