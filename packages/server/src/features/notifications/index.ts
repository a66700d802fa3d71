import type { Notifier } from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { WebhookOptions } from '../../platform/webhook.ts';
import type { AuditLog } from '../audit/index.ts';
import { createAlertNotifier } from './alert-notifier.ts';
import { createSmtpSender, type EmailSender } from './email-sender.ts';
import { createDeliveries } from './notification-delivery.ts';
import { createNotificationSettings, type NotificationSettings } from './notification-settings.service.ts';
import { createNotifier, NO_TEAMS, NOTIFICATIONS_SUBJECT, type TeamDirectory } from './notifications.service.ts';

export { registerNotificationsRoutes } from './notifications.routes.ts';
export { createSmtpSender, NOTIFICATIONS_SUBJECT, NO_TEAMS };
export type { EmailMessage, EmailSender } from './email-sender.ts';
export type { TeamDirectory };

/**
 * A team directory over the incidents feature's `teamRecipients` (lead and members by team id), so this
 * feature needs no knowledge of how teams are stored.
 */
export function teamDirectoryOf(
  lookup: (teamIds: readonly string[]) => Promise<ReadonlyMap<string, { leadId: string | null; memberIds: string[] }>>,
): TeamDirectory {
  return {
    memberIds: async (teamIds) => [...(await lookup(teamIds)).values()].flatMap((team) => team.memberIds),
    leadIds: async (teamIds) =>
      [...(await lookup(teamIds)).values()].flatMap((team) => (team.leadId === null ? [] : [team.leadId])),
  };
}

export interface NotificationsOptions {
  /** `smtp://[user:password@]host:port` or `smtps://…`; empty sends no e-mail. */
  smtpUrl: string;
  smtpFrom: string;
  /** Where people open CitySOC, for absolute links in e-mails and chat messages; empty leaves links relative. */
  publicUrl: string;
  windowMinutes: number;
  maxInApp: number;
  maxEmails: number;
  maxWebhook: number;
  /** Retries and back-off of webhook calls (and of e-mails between tries). */
  webhook?: WebhookOptions;
  emailAttempts?: number;
}

/** The options from the server's configuration (CITYSOC_SMTP_URL, CITYSOC_NOTIFY_*, …). */
export function notificationsOptions(config: {
  smtpUrl: string;
  smtpFrom: string;
  publicUrl: string;
  notifyWindowMinutes: number;
  notifyMaxInApp: number;
  notifyMaxEmails: number;
  notifyMaxWebhook: number;
}): NotificationsOptions {
  return {
    smtpUrl: config.smtpUrl,
    smtpFrom: config.smtpFrom,
    publicUrl: config.publicUrl,
    windowMinutes: config.notifyWindowMinutes,
    maxInApp: config.notifyMaxInApp,
    maxEmails: config.notifyMaxEmails,
    maxWebhook: config.notifyMaxWebhook,
  };
}

export interface NotificationsDeps {
  store: Store;
  audit: AuditLog;
  bus: Bus;
  log: Logger;
  secrets: SecretBox;
  teams?: TeamDirectory;
  /** Overrides the SMTP sender built from `options.smtpUrl`. */
  email?: EmailSender | null;
  options: NotificationsOptions;
  now?: () => Date;
}

/** The notifications feature: the `Notifier` every feature calls, plus inbox, preferences, channels, deliveries. */
export interface NotificationsService extends Notifier, NotificationSettings {
  /** The plain `Notifier`, to hand to features. */
  readonly notifier: Notifier;
  /** Sends the summaries of rate-limit windows that have ended (the timer calls this too). */
  flushDue(): Promise<number>;
  /** Notifies for alerts raised since the last pass (the follower calls this too). */
  notifyNewAlerts(): Promise<number>;
  /** Starts following alerts and the summary timer. */
  start(): Promise<void>;
  /** Resolves when queued notifications are processed and their e-mails and webhook calls finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createNotificationsService(deps: NotificationsDeps): NotificationsService {
  const { options } = deps;
  const now = deps.now ?? (() => new Date());
  const email =
    deps.email !== undefined
      ? deps.email
      : options.smtpUrl === ''
        ? null
        : createSmtpSender({ url: options.smtpUrl, from: options.smtpFrom });
  const deliveries = createDeliveries({
    store: deps.store,
    log: deps.log,
    email,
    webhook: options.webhook ?? {},
    emailAttempts: options.emailAttempts ?? 3,
    now,
  });
  const engine = createNotifier({
    store: deps.store,
    bus: deps.bus,
    log: deps.log,
    secrets: deps.secrets,
    teams: deps.teams ?? NO_TEAMS,
    deliveries,
    emailAvailable: email !== null,
    limits: {
      windowMs: options.windowMinutes * 60_000,
      maxInApp: options.maxInApp,
      maxEmails: options.maxEmails,
      maxWebhook: options.maxWebhook,
    },
    publicUrl: options.publicUrl,
    now,
  });
  const settings = createNotificationSettings({
    store: deps.store,
    audit: deps.audit,
    secrets: deps.secrets,
    deliveries,
    emailAvailable: email !== null,
    now,
  });
  const alerts = createAlertNotifier({
    store: deps.store,
    bus: deps.bus,
    log: deps.log,
    notifier: engine.notifier,
    now,
  });
  let closing: Promise<void> | undefined;
  return {
    ...settings,
    notifier: engine.notifier,
    notify: engine.notifier.notify,
    flushDue: engine.flushDue,
    notifyNewAlerts: alerts.catchUp,
    async start() {
      await engine.start();
      await alerts.start();
    },
    async idle() {
      await engine.drained();
      await deliveries.idle();
    },
    close() {
      closing ??= (async () => {
        await alerts.stop();
        engine.close();
        await engine.drained();
        await deliveries.close();
      })();
      return closing;
    },
  };
}
