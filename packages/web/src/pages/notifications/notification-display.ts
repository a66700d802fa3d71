import {
  KindPattern,
  type HeldBackView,
  type NotificationSeverity,
  type NotificationView,
  type PreferenceRule,
} from '@citysoc/core';

/** The bell's badge: nothing at zero, the count up to 99, then "99+" so the header keeps its width. */
export function unreadBadge(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}

/** What the bell says to a screen reader. */
export function bellLabel(unread: number): string {
  if (unread <= 0) return 'Notifications, none unread';
  return `Notifications, ${unread.toLocaleString()} unread`;
}

/** The alert-level class of a severity, so notifications use the colours alerts use. */
export function severityClass(severity: NotificationSeverity): string {
  return `badge level level-${severity === 'info' ? 'informational' : severity}`;
}

const CHANNEL_NAMES: Readonly<Record<HeldBackView['channel'], string>> = {
  in_app: 'in the app',
  email: 'by e-mail',
  webhook: 'to webhooks',
};

/** "12 held back in the app until 10:40": the rate limit's current holds, never silent. */
export function heldBackLine(held: HeldBackView, formatTime: (iso: string) => string): string {
  const what = held.count === 1 ? '1 notification' : `${held.count.toLocaleString()} notifications`;
  return `${what} held back ${CHANNEL_NAMES[held.channel]}; a summary follows at ${formatTime(held.until)}.`;
}

/** A notification's link, only when it points inside the dashboard (a path), never elsewhere. */
export function internalLink(notification: Pick<NotificationView, 'link'>): string | null {
  const { link } = notification;
  return link !== null && link.startsWith('/') && !link.startsWith('//') ? link : null;
}

/** `alert.*, incident.sla_breached` → patterns; the invalid ones are reported rather than dropped. */
export function parseKinds(text: string): { kinds: string[]; invalid: string[] } {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return {
    kinds: parts.filter((part) => KindPattern.safeParse(part).success),
    invalid: parts.filter((part) => !KindPattern.safeParse(part).success),
  };
}

/** A new preference line as the form starts it. */
export function blankRule(): PreferenceRule {
  return { kinds: 'alert.*', minSeverity: 'high', inApp: true, email: false };
}

/** "Alerts of high and above: in the app and by e-mail". */
export function describeRule(rule: PreferenceRule): string {
  const channels = [rule.inApp ? 'in the app' : null, rule.email ? 'by e-mail' : null].filter((c) => c !== null);
  const what = rule.kinds === '*' ? 'Everything' : rule.kinds;
  const from = rule.minSeverity === 'info' ? 'any severity' : `${rule.minSeverity} and above`;
  return `${what}, ${from}: ${channels.length === 0 ? 'not at all' : channels.join(' and ')}`;
}
