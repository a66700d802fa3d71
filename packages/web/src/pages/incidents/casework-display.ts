import type { PersonalDataBreach, Team } from '@citysoc/core';
import { formatRemaining } from './incident-display.ts';

/** "512 B", "24.5 KiB", "3.2 MiB": file sizes as an evidence list shows them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The breach clock as the case view shows it: what to do, how long is left, and how urgent it is. */
export function describeBreachClock(
  breach: PersonalDataBreach,
  now: number,
): { text: string; tone: 'bad' | 'warn' | 'good' } {
  const deadline = Date.parse(breach.notifyBy);
  if (breach.notifiedAt !== null) {
    const late = Date.parse(breach.notifiedAt) > deadline;
    return {
      text: late ? 'Authority notified after the 72-hour deadline' : 'Authority notified within 72 hours',
      tone: late ? 'warn' : 'good',
    };
  }
  const left = deadline - now;
  if (left < 0) return { text: `Notification overdue by ${formatRemaining(left)}`, tone: 'bad' };
  // The last 12 hours are when a missing notification is about to become a compliance failure.
  return {
    text: `Notify the supervisory authority within ${formatRemaining(left)}`,
    tone: left < 12 * 3_600_000 ? 'bad' : 'warn',
  };
}

/** The list with one item moved up (-1) or down (+1); unchanged at the ends. For ordering an on-call rotation. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const next = [...items];
  [next[index], next[target]] = [next[target] as T, next[index] as T];
  return next;
}

/** "wendy (until 3/9/2026, 8:00 AM)" or "nobody": who to call now. */
export function describeOnCall(team: Pick<Team, 'onCall' | 'onCallUntil'>, formatTime: (iso: string) => string) {
  if (team.onCall === null) return 'nobody';
  return team.onCallUntil === null
    ? team.onCall.username
    : `${team.onCall.username} (until ${formatTime(team.onCallUntil)})`;
}

/** The queue's SLA filter choices, as the server names them. */
export const SLA_FILTERS: readonly { value: '' | 'breached' | 'running' | 'met'; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'breached', label: 'Breached' },
  { value: 'running', label: 'Running, on time' },
  { value: 'met', label: 'All met' },
];
