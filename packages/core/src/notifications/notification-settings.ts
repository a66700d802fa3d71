import { z } from 'zod';
import { NotificationSeverity } from './notification.ts';

/**
 * What people and administrators configure about notifications: each person's preferences (which kinds, from
 * which severity, on which channel) and the city's webhook channels (chat rooms, ticketing, SOAR).
 */

/** `*`, a dotted kind (`alert.created`) or a prefix ending in `.*` (`incident.*`). */
export const KindPattern = z
  .string()
  .max(100)
  .regex(
    /^(\*|[a-z0-9_-]+(\.[a-z0-9_-]+)*(\.\*)?)$/,
    'a kind such as alert.created, a prefix such as incident.*, or *',
  );
export type KindPattern = z.infer<typeof KindPattern>;

/** One line of a person's preferences: for the kinds it matches, from which severity, on which channels. */
export const PreferenceRule = z.strictObject({
  kinds: KindPattern,
  minSeverity: NotificationSeverity.default('info'),
  inApp: z.boolean().default(true),
  email: z.boolean().default(false),
});
export type PreferenceRule = z.infer<typeof PreferenceRule>;

export const NotificationPreferencesInput = z.strictObject({
  /** Where e-mails go; null sends none. Stored sealed: it is personal data. */
  email: z.email().max(254).nullable().default(null),
  rules: z.array(PreferenceRule).max(50).default([]),
});
export type NotificationPreferencesInput = z.input<typeof NotificationPreferencesInput>;

export const NotificationPreferences = NotificationPreferencesInput.extend({
  /** Whether this CitySOC can send e-mail at all (an SMTP server is configured). */
  emailAvailable: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** How a webhook channel's body looks: CitySOC's own JSON, Slack's `{text, blocks}`, or Teams/Mattermost `{text}`. */
export const WebhookFormat = z.enum(['json', 'slack', 'teams']);
export type WebhookFormat = z.infer<typeof WebhookFormat>;

const ChannelName = z.string().trim().min(1).max(100);
const ChannelUrl = z.url({ protocol: /^https?$/ }).max(2000);
/** A shared secret for the HMAC signature; long enough not to be guessed. */
const ChannelSecret = z.string().min(16).max(500);

export const NotificationChannelInput = z.strictObject({
  name: ChannelName,
  url: ChannelUrl,
  format: WebhookFormat.default('json'),
  /** Null: the channel hears every department's news; otherwise only that department's. */
  departmentId: z.string().min(1).max(64).nullable().default(null),
  kinds: z.array(KindPattern).min(1).max(20).default(['*']),
  minSeverity: NotificationSeverity.default('high'),
  secret: ChannelSecret.nullable().default(null),
  enabled: z.boolean().default(true),
});
export type NotificationChannelInput = z.input<typeof NotificationChannelInput>;

/** A change to a channel; `secret: null` removes the secret, leaving it out keeps it. */
export const NotificationChannelPatch = z.strictObject({
  name: ChannelName.optional(),
  url: ChannelUrl.optional(),
  format: WebhookFormat.optional(),
  departmentId: z.string().min(1).max(64).nullable().optional(),
  kinds: z.array(KindPattern).min(1).max(20).optional(),
  minSeverity: NotificationSeverity.optional(),
  secret: ChannelSecret.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type NotificationChannelPatch = z.infer<typeof NotificationChannelPatch>;

/** A channel as shown: the secret never leaves the server, only whether there is one. */
export const NotificationChannelView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  format: WebhookFormat,
  departmentId: z.string().nullable(),
  kinds: z.array(z.string()),
  minSeverity: NotificationSeverity,
  enabled: z.boolean(),
  hasSecret: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NotificationChannelView = z.infer<typeof NotificationChannelView>;

export const NotificationView = z.object({
  id: z.string(),
  kind: z.string(),
  severity: NotificationSeverity,
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  departmentId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  /** On a summary: how many notifications it stands for that were held back by the rate limit. */
  heldBack: z.number().int(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const DeliveryChannel = z.enum(['in_app', 'email', 'webhook']);
export type DeliveryChannel = z.infer<typeof DeliveryChannel>;

/** Notifications held back right now (the window has not ended yet), per channel. */
export const HeldBackView = z.object({ channel: DeliveryChannel, count: z.number().int(), until: z.string() });
export type HeldBackView = z.infer<typeof HeldBackView>;

export const NotificationList = z.object({
  items: z.array(NotificationView),
  total: z.number().int(),
  unread: z.number().int(),
  heldBack: z.array(HeldBackView),
});
export type NotificationList = z.infer<typeof NotificationList>;

export const DeliveryStatus = z.enum(['pending', 'sent', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** One e-mail or webhook call, as administrators see it when looking for failures. */
export const DeliveryView = z.object({
  id: z.string(),
  channel: DeliveryChannel,
  channelId: z.string().nullable(),
  /** For e-mail: the person's username (never the address). For webhooks: the channel's name. */
  target: z.string(),
  kind: z.string(),
  title: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;
