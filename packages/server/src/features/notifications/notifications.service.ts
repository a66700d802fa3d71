import {
  admitNotification,
  canSeeDepartment,
  channelsFor,
  heldBackSummary,
  InputError,
  kindMatches,
  NotificationRequest,
  type NotificationSeverity,
  type Notifier,
  Permission,
  PreferenceRule,
  type RateLimit,
  RateWindow,
  Role,
  ROLES,
  severityAtLeast,
  userPrincipal,
  WebhookFormat,
  webhookPayload,
} from '@citysoc/core';
import type { Insertable, Selectable } from 'kysely';
import { v7 as timeOrderedUuid } from 'uuid';
import { z } from 'zod';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type {
  NotificationChannelsTable,
  NotificationsTable,
  NotificationWindowsTable,
} from '../../platform/db/schema.ts';
import type { Logger } from '../../platform/log.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { Deliveries } from './notification-delivery.ts';
import {
  deleteWindow,
  endedWindows,
  insertNotifications,
  listChannels,
  listRecipientRows,
  nextHeldWindowEnd,
  preferencesOf,
  type RecipientRow,
  saveWindow,
  windowsOf,
} from './notifications.repository.ts';

/** Who is in a team, and who leads it: the incidents feature's teams, read through a function it exports. */
export interface TeamDirectory {
  memberIds(teamIds: readonly string[]): Promise<string[]>;
  leadIds(teamIds: readonly string[]): Promise<string[]>;
}

export const NO_TEAMS: TeamDirectory = { memberIds: () => Promise.resolve([]), leadIds: () => Promise.resolve([]) };

export interface RateLimits {
  windowMs: number;
  maxInApp: number;
  maxEmails: number;
  maxWebhook: number;
}

export type ParsedRequest = z.output<typeof NotificationRequest>;
type PersonalChannel = 'in_app' | 'email';

/** The subject the live hub forwards to the recipients' dashboards (ids only, never the news itself). */
export const NOTIFICATIONS_SUBJECT = 'notifications.created';

const emailContext = (userId: string) => `notification_preferences.email:${userId}`;
const secretContext = (channelId: string) => `notification_channels.secret:${channelId}`;

export function openEmail(secrets: SecretBox, userId: string, sealed: string | null): string | null {
  return sealed === null ? null : secrets.open(sealed, emailContext(userId));
}
export function sealEmail(secrets: SecretBox, userId: string, address: string | null): string | null {
  return address === null ? null : secrets.seal(address, emailContext(userId));
}
export function openChannelSecret(secrets: SecretBox, row: Selectable<NotificationChannelsTable>): string | null {
  return row.secret_sealed === null ? null : secrets.open(row.secret_sealed, secretContext(row.id));
}
export function sealChannelSecret(secrets: SecretBox, channelId: string, secret: string | null): string | null {
  return secret === null ? null : secrets.seal(secret, secretContext(channelId));
}

export function storedRules(json: string): PreferenceRule[] {
  return z.array(PreferenceRule).parse(JSON.parse(json));
}

/** Whether a webhook channel hears this news: its department (or city-wide), its kinds and minimum severity. */
export function channelHears(row: Selectable<NotificationChannelsTable>, request: ParsedRequest): boolean {
  if (row.enabled !== 1) return false;
  if (row.department_id !== null && row.department_id !== request.departmentId) return false;
  const kinds = z.array(z.string()).parse(JSON.parse(row.kinds));
  if (!kinds.some((pattern) => kindMatches(pattern, request.kind))) return false;
  return severityAtLeast(request.severity, row.min_severity as NotificationSeverity);
}

/**
 * The notification engine behind the `Notifier` features call. For each request it resolves who should hear
 * the news, drops everyone who may not see its department, applies each person's preferences and each
 * channel's rate limit, stores the in-app notifications, and hands e-mails and webhook calls to the deliveries.
 * Requests are processed one at a time, so two bursts cannot both see a window below its limit.
 */
export function createNotifier(deps: {
  store: Store;
  bus: Bus;
  log: Logger;
  secrets: SecretBox;
  teams: TeamDirectory;
  deliveries: Deliveries;
  emailAvailable: boolean;
  limits: RateLimits;
  /** Where people open CitySOC (`https://soc.city.example`); links in e-mails and chat are absolute with it. */
  publicUrl: string;
  now: () => Date;
}) {
  const { store, bus, log, secrets, deliveries, limits, now } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  /** Runs `work` after everything queued before it; a failure is the caller's, the queue goes on. */
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  function absolute(link: string | undefined | null): string | null {
    if (link === undefined || link === null) return null;
    return deps.publicUrl === '' ? link : `${deps.publicUrl.replace(/\/$/, '')}${link}`;
  }

  function limitOf(channel: string): RateLimit {
    const max = channel === 'email' ? limits.maxEmails : channel === 'webhook' ? limits.maxWebhook : limits.maxInApp;
    return { max, windowMs: limits.windowMs };
  }

  /**
   * The address, or null when it cannot be opened (a database restored without its key): that person gets no
   * e-mail, everyone else still does, and the log says why.
   */
  function readableEmail(person: { id: string; username: string }, sealed: string | null): string | null {
    try {
      return openEmail(secrets, person.id, sealed);
    } catch (error) {
      log.error({ err: error, user: person.username }, 'notification e-mail address cannot be decrypted');
      return null;
    }
  }

  async function resolveRecipients(request: ParsedRequest): Promise<RecipientRow[]> {
    const { recipients } = request;
    const ids = new Set(recipients.userIds);
    if (recipients.teamIds.length > 0) for (const id of await deps.teams.memberIds(recipients.teamIds)) ids.add(id);
    if (recipients.teamLeadsOf.length > 0) {
      for (const id of await deps.teams.leadIds(recipients.teamLeadsOf)) ids.add(id);
    }
    const rows = ids.size > 0 ? await listRecipientRows(store.db, { ids: [...ids] }) : [];
    if (recipients.permission !== undefined) {
      const permission = Permission.safeParse(recipients.permission);
      if (!permission.success) throw new InputError(`Unknown permission '${recipients.permission}'`);
      const roles = Role.options.filter((role) => ROLES[role].permissions.includes(permission.data));
      rows.push(...(await listRecipientRows(store.db, { roles })));
    }
    const unique = new Map(rows.map((row) => [row.id, row]));
    return [...unique.values()].filter(
      (row) => !row.disabled && canSeeDepartment(userPrincipal(row), request.departmentId),
    );
  }

  function windowRow(target: string, channel: string, owner: Owner, window: RateWindow): NotificationWindowsTable {
    return {
      target,
      channel,
      user_id: owner.userId,
      channel_id: owner.channelId,
      started_at: new Date(window.startedAt).toISOString(),
      ends_at: new Date(window.endsAt).toISOString(),
      state: JSON.stringify(window),
      held: window.held,
    };
  }

  function inAppRow(userId: string, news: News, at: string, heldBack = 0): Insertable<NotificationsTable> {
    return {
      id: timeOrderedUuid(),
      user_id: userId,
      kind: news.kind,
      severity: news.severity,
      title: news.title,
      body: news.body,
      link: news.link ?? null,
      department_id: news.departmentId,
      created_at: at,
      read_at: null,
      held_back: heldBack,
    };
  }

  function email(person: { id: string; username: string }, address: string, news: News) {
    const link = absolute(news.link);
    const lines = [news.body, ''];
    if (link !== null) lines.push(`Open in CitySOC: ${link}`);
    lines.push(`Department: ${news.departmentId ?? 'city-wide'} · Severity: ${news.severity} · Kind: ${news.kind}`);
    lines.push('', 'You receive this because of your CitySOC notification preferences.');
    deliveries.email({
      userId: person.id,
      username: person.username,
      kind: news.kind,
      title: news.title,
      departmentId: news.departmentId,
      message: {
        to: address,
        subject: `[CitySOC] [${news.severity.toUpperCase()}] ${news.title}`,
        text: lines.join('\n'),
      },
    });
  }

  function webhook(row: Selectable<NotificationChannelsTable>, news: News, at: string, heldBack = 0) {
    let secret: string | null;
    try {
      secret = openChannelSecret(secrets, row);
    } catch (error) {
      // Unsigned would let the receiver accept forgeries; not calling at all is the safe failure.
      log.error({ err: error, channel: row.name }, 'webhook channel secret cannot be decrypted; call skipped');
      return;
    }
    const payload = webhookPayload(WebhookFormat.parse(row.format), {
      kind: news.kind,
      severity: news.severity,
      title: news.title,
      body: news.body,
      link: absolute(news.link),
      departmentId: news.departmentId,
      at,
      heldBack,
    });
    deliveries.webhook({
      channelId: row.id,
      channelName: row.name,
      url: row.url,
      secret,
      payload,
      kind: news.kind,
      title: news.title,
      departmentId: news.departmentId,
    });
  }

  /** Sends the one summary of a window that held notifications back, on the channel it limited. */
  async function summarise(row: Selectable<NotificationWindowsTable>, window: RateWindow): Promise<void> {
    const summary = heldBackSummary(window);
    const news: News = { ...summary, departmentId: null, link: '/notifications' };
    const at = now().toISOString();
    if (row.channel === 'in_app' && row.user_id !== null) {
      await insertNotifications(store.db, [inAppRow(row.user_id, news, at, window.held)]);
      await bus.publish(NOTIFICATIONS_SUBJECT, { userIds: [row.user_id] });
    } else if (row.channel === 'email' && row.user_id !== null) {
      const [person] = await listRecipientRows(store.db, { ids: [row.user_id] });
      const preferences = (await preferencesOf(store.db, [row.user_id])).get(row.user_id);
      const address = person && preferences ? readableEmail(person, preferences.email_sealed) : null;
      if (person && address !== null) email(person, address, news);
    } else if (row.channel === 'webhook' && row.channel_id !== null) {
      const channel = (await listChannels(store.db)).find((c) => c.id === row.channel_id);
      if (channel) webhook(channel, news, at, window.held);
    }
  }

  async function armTimer(): Promise<void> {
    if (closed) return;
    const next = await nextHeldWindowEnd(store.db);
    if (timer) clearTimeout(timer);
    timer = null;
    if (next === null) return;
    const delay = Math.min(2 ** 31 - 1, Math.max(0, Date.parse(next) - now().getTime()) + 50);
    timer = setTimeout(() => {
      timer = null;
      flushDue().catch((error: unknown) => log.error({ err: error }, 'notification summaries failed'));
    }, delay);
    timer.unref();
  }

  /** Summarises and removes every window that has ended; returns how many summaries were sent. */
  function flushDue(): Promise<number> {
    return serially(async () => {
      const at = now().toISOString();
      let sent = 0;
      for (const row of await endedWindows(store.db, at)) {
        const removed = await deleteWindow(store.db, row.target, row.ends_at);
        if (removed === 0 || row.held === 0) continue;
        await summarise(row, RateWindow.parse(JSON.parse(row.state)));
        sent += 1;
      }
      await armTimer();
      return sent;
    });
  }

  async function process(input: NotificationRequest): Promise<void> {
    const request = NotificationRequest.parse(input);
    const at = now();
    const atIso = at.toISOString();
    const people = await resolveRecipients(request);
    const preferences = await preferencesOf(
      store.db,
      people.map((p) => p.id),
    );
    const wanted: { target: string; channel: PersonalChannel; person: RecipientRow; address: string | null }[] = [];
    for (const person of people) {
      const stored = preferences.get(person.id);
      const rules = stored ? storedRules(stored.rules) : [];
      const choice = channelsFor(rules, request.kind, request.severity);
      if (choice.inApp) wanted.push({ target: `in_app:${person.id}`, channel: 'in_app', person, address: null });
      const address = stored && deps.emailAvailable ? readableEmail(person, stored.email_sealed) : null;
      if (choice.email && address !== null) {
        wanted.push({ target: `email:${person.id}`, channel: 'email', person, address });
      }
    }
    const channels = (await listChannels(store.db)).filter((row) => channelHears(row, request));
    const windows = await windowsOf(store.db, [
      ...wanted.map((w) => w.target),
      ...channels.map((c) => `webhook:${c.id}`),
    ]);
    let held = false;

    /** The rate limit's verdict for one target; the window is saved whatever it says. */
    async function admit(target: string, channel: string, owner: Owner): Promise<boolean> {
      const stored = windows.get(target);
      const current = stored ? RateWindow.parse(JSON.parse(stored.state)) : null;
      const result = admitNotification(current, request, at.getTime(), limitOf(channel));
      // The ended window's summary goes first, so it reads as older than what opens the new window.
      if (result.ended !== null && stored) await summarise(stored, result.ended);
      await saveWindow(store.db, windowRow(target, channel, owner, result.window));
      if (result.decision !== 'send') held = true;
      return result.decision === 'send';
    }

    const news: News = request;
    const inApp: Insertable<NotificationsTable>[] = [];
    for (const want of wanted) {
      if (!(await admit(want.target, want.channel, { userId: want.person.id, channelId: null }))) continue;
      if (want.channel === 'in_app') inApp.push(inAppRow(want.person.id, news, atIso));
      else if (want.address !== null) email(want.person, want.address, news);
    }
    const calls: Selectable<NotificationChannelsTable>[] = [];
    for (const channel of channels) {
      if (await admit(`webhook:${channel.id}`, 'webhook', { userId: null, channelId: channel.id })) calls.push(channel);
    }
    await insertNotifications(store.db, inApp);
    if (inApp.length > 0) await bus.publish(NOTIFICATIONS_SUBJECT, { userIds: inApp.map((row) => row.user_id) });
    for (const channel of calls) webhook(channel, news, atIso);
    if (held) await armTimer();
  }

  const notifier: Notifier = { notify: (request) => serially(() => process(request)) };

  return {
    notifier,
    flushDue,
    /** Summarises windows that ended while CitySOC was stopped, and arms the timer for the open ones. */
    start: () => flushDue().then(() => undefined),
    /** Resolves when every queued request has been processed (tests, shutdown). */
    drained: () => serially(() => Promise.resolve()),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

interface Owner {
  userId: string | null;
  channelId: string | null;
}

interface News {
  kind: string;
  severity: NotificationSeverity;
  title: string;
  body: string;
  link?: string | undefined;
  departmentId: string | null;
}

export type NotificationEngine = ReturnType<typeof createNotifier>;
