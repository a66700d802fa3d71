import type { BackupStatus, Classification } from '@citysoc/core';
import { formatSeconds } from '../city/inventory-display.ts';

/** Reading data-protection answers for display: plain strings for React to render as text. */

export const CLASSIFICATION_TITLES: Readonly<Record<Classification, string>> = {
  public: 'Public',
  internal: 'Internal',
  confidential: 'Confidential',
  personal: 'Personal data',
  special_category: 'Special-category personal data',
};

/** Badge class per classification: the more protected, the louder. */
export const CLASSIFICATION_CLASSES: Readonly<Record<Classification, string>> = {
  public: 'badge badge-good',
  internal: 'badge',
  confidential: 'badge badge-warn',
  personal: 'badge badge-bad',
  special_category: 'badge badge-bad',
};

/** "2 d 3 h" for a number of seconds; an em dash for none. */
export function secondsText(seconds: number | null): string {
  return seconds === null ? '—' : formatSeconds(seconds);
}

/**
 * The RPO cell: "late", "ok" or "not tracked", with the age against the objective. A dataset never backed up is
 * within its RPO for one RPO after it was catalogued: "no backup yet", not an age that looks like a backup's.
 */
export function rpoText(
  status: Pick<BackupStatus, 'rpo_status' | 'backup_age_seconds' | 'rpo_seconds' | 'last_success_at'>,
): {
  text: string;
  bad: boolean;
} {
  if (status.rpo_status === 'not_tracked') return { text: 'No RPO', bad: false };
  const age =
    status.last_success_at === null || status.backup_age_seconds === null
      ? 'no backup yet'
      : `${secondsText(status.backup_age_seconds)} old`;
  return {
    text: `${status.rpo_status === 'late' ? 'Late' : 'OK'}: ${age} (RPO ${secondsText(status.rpo_seconds)})`,
    bad: status.rpo_status === 'late',
  };
}

export const RESTORE_TITLES: Readonly<Record<BackupStatus['restore_status'], string>> = {
  ok: 'Tested',
  overdue: 'Test overdue',
  failed: 'Last test failed',
  too_slow: 'Slower than RTO',
  not_tracked: 'Not tracked',
};

/** A request's duration in days, as people ask for it ("30 d"). */
export function durationText(seconds: number): string {
  return formatSeconds(seconds);
}

/** The durations the request form offers, in the server's duration format. */
export const DURATION_CHOICES: readonly { readonly value: string; readonly label: string }[] = [
  { value: '1d', label: '1 day' },
  { value: '7d', label: '1 week' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '365d', label: '1 year' },
];
