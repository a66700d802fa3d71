import type { AlertStatus } from '@citysoc/core';
import { isAlertLevel } from './alert-filters.ts';

export const STATUS_LABELS: Readonly<Record<AlertStatus, string>> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  escalated: 'Escalated',
  closed: 'Closed',
};

/**
 * A rule's level as a coloured badge. The level comes from a rule file: only Sigma's five levels pick a
 * colour class, anything else is shown as plain text in a neutral badge.
 */
export function LevelBadge({ level }: { level: string | null }) {
  if (level === null || level === '') return <span className="badge">no level</span>;
  const known = isAlertLevel(level);
  return <span className={known ? `badge level level-${level}` : 'badge level'}>{level}</span>;
}

export function StatusBadge({ status }: { status: AlertStatus }) {
  return <span className={`badge alert-status alert-status-${status}`}>{STATUS_LABELS[status]}</span>;
}
