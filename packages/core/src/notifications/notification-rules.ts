import { z } from 'zod';
import { NotificationSeverity } from './notification.ts';
import type { PreferenceRule, WebhookFormat } from './notification-settings.ts';

const SEVERITY_RANK: Readonly<Record<NotificationSeverity, number>> = {
  info: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

export function severityAtLeast(severity: NotificationSeverity, minimum: NotificationSeverity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];
}

function higherSeverity(a: NotificationSeverity | null, b: NotificationSeverity): NotificationSeverity {
  return a === null || SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

/** `*` matches everything, `incident.*` every kind under `incident.`, anything else only itself. */
export function kindMatches(pattern: string, kind: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return kind.startsWith(pattern.slice(0, -1));
  return pattern === kind;
}

/** Exact kinds beat prefixes, longer prefixes beat shorter ones, and `*` comes last. */
function specificity(pattern: string): number {
  if (pattern === '*') return 0;
  return pattern.endsWith('.*') ? pattern.length : 10_000 + pattern.length;
}

/**
 * Without a matching rule a person gets everything in the app and only high and critical news by e-mail:
 * a new account is told about what matters without anyone configuring it, and an inbox is not flooded.
 */
const DEFAULT_EMAIL_SEVERITY: NotificationSeverity = 'high';

/** Which of a person's channels a notification goes to: the most specific matching rule decides. */
export function channelsFor(
  rules: readonly PreferenceRule[],
  kind: string,
  severity: NotificationSeverity,
): { inApp: boolean; email: boolean } {
  let chosen: PreferenceRule | null = null;
  for (const rule of rules) {
    if (!kindMatches(rule.kinds, kind)) continue;
    if (chosen === null || specificity(rule.kinds) > specificity(chosen.kinds)) chosen = rule;
  }
  if (chosen === null) return { inApp: true, email: severityAtLeast(severity, DEFAULT_EMAIL_SEVERITY) };
  if (!severityAtLeast(severity, chosen.minSeverity)) return { inApp: false, email: false };
  return { inApp: chosen.inApp, email: chosen.email };
}

/**
 * The rate limit of one person's channel (or one webhook channel): a fixed window that opens with the first
 * notification. Inside it at most `max` are sent; the rest, and repeats of a dedupe key already seen, are held
 * back and counted by kind. When the window ends, the held-back ones become one summary. Times are epoch ms.
 */
export const RateWindow = z.object({
  startedAt: z.number(),
  endsAt: z.number(),
  sent: z.number().int(),
  held: z.number().int(),
  heldByKind: z.record(z.string(), z.number().int()),
  /** The highest severity among the held-back ones (the summary's severity). */
  heldSeverity: NotificationSeverity.nullable(),
  dedupeKeys: z.array(z.string()),
});
export type RateWindow = z.infer<typeof RateWindow>;

export interface RateLimit {
  max: number;
  windowMs: number;
}

export type RateDecision = 'send' | 'limit' | 'repeat';

/** Dedupe keys remembered per window: enough for any real burst, bounded for a hostile one. */
const MAX_DEDUPE_KEYS = 500;

/**
 * Decides one notification. `ended` is the previous window when it is over and held something back: the
 * caller sends its summary before (or instead of) anything else.
 */
export function admitNotification(
  current: RateWindow | null,
  request: { kind: string; severity: NotificationSeverity; dedupeKey?: string | undefined },
  now: number,
  limit: RateLimit,
): { decision: RateDecision; window: RateWindow; ended: RateWindow | null } {
  let ended: RateWindow | null = null;
  let window = current;
  if (window !== null && now >= window.endsAt) {
    if (window.held > 0) ended = window;
    window = null;
  }
  window ??= {
    startedAt: now,
    endsAt: now + limit.windowMs,
    sent: 0,
    held: 0,
    heldByKind: {},
    heldSeverity: null,
    dedupeKeys: [],
  };
  const key = request.dedupeKey;
  let decision: RateDecision;
  if (key !== undefined && window.dedupeKeys.includes(key)) decision = 'repeat';
  else if (window.sent >= limit.max) decision = 'limit';
  else decision = 'send';
  const next: RateWindow = { ...window, dedupeKeys: [...window.dedupeKeys] };
  if (key !== undefined && decision !== 'repeat' && next.dedupeKeys.length < MAX_DEDUPE_KEYS) next.dedupeKeys.push(key);
  if (decision === 'send') {
    next.sent += 1;
  } else {
    next.held += 1;
    next.heldByKind = { ...next.heldByKind, [request.kind]: (next.heldByKind[request.kind] ?? 0) + 1 };
    next.heldSeverity = higherSeverity(next.heldSeverity, request.severity);
  }
  return { decision, window: next, ended };
}

/** The one message that stands for a window's held-back notifications. */
export function heldBackSummary(window: RateWindow): {
  kind: string;
  severity: NotificationSeverity;
  title: string;
  body: string;
} {
  const n = window.held;
  const lines = Object.entries(window.heldByKind)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([kind, count]) => `${kind}: ${count}`);
  const minutes = Math.round((window.endsAt - window.startedAt) / 60_000);
  return {
    kind: 'notifications.held_back',
    severity: window.heldSeverity ?? 'info',
    title: `${n} more notification${n === 1 ? '' : 's'} held back`,
    body:
      `The rate limit held back ${n} notification${n === 1 ? '' : 's'} in ${minutes} minute${minutes === 1 ? '' : 's'} ` +
      `(repeats and beyond the limit). Open CitySOC for the details.\n\n${lines.join('\n')}`,
  };
}

/** What a webhook channel is told; `link` is absolute when CitySOC knows its public address. */
export interface WebhookMessage {
  kind: string;
  severity: NotificationSeverity;
  title: string;
  body: string;
  link: string | null;
  departmentId: string | null;
  at: string;
  heldBack: number;
}

/** Slack's mrkdwn treats these three as markup; everything else in the text is shown as written. */
function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Markdown (Teams, Mattermost): backslash-escape the characters that would format or link. */
function markdownEscape(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

/**
 * The body a webhook channel receives, by its format. Slack-compatible `{text, blocks}` (Slack, Rocket.Chat),
 * `{text}` in Markdown for Microsoft Teams and Mattermost incoming webhooks, or CitySOC's own JSON.
 */
export function webhookPayload(format: WebhookFormat, message: WebhookMessage): unknown {
  const label = message.severity.toUpperCase();
  if (format === 'json') return { type: 'citysoc.notification', ...message };
  if (format === 'slack') {
    const context = [`*Severity:* ${label}`, `*Department:* ${slackEscape(message.departmentId ?? 'city-wide')}`];
    if (message.link !== null) context.push(`<${slackEscape(message.link)}|Open in CitySOC>`);
    return {
      text: slackEscape(`[${label}] ${message.title}`),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: `[${label}] ${message.title}`.slice(0, 150) } },
        ...(message.body === ''
          ? []
          : [{ type: 'section', text: { type: 'mrkdwn', text: slackEscape(message.body).slice(0, 3000) } }]),
        { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
      ],
    };
  }
  const parts = [`**[${label}] ${markdownEscape(message.title)}**`];
  if (message.body !== '') parts.push(markdownEscape(message.body));
  const footer = `Department: ${markdownEscape(message.departmentId ?? 'city-wide')}`;
  parts.push(message.link === null ? footer : `${footer} · [Open in CitySOC](${message.link})`);
  return { text: parts.join('\n\n') };
}
