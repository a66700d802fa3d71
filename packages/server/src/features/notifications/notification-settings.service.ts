import {
  canSeeDepartment,
  ConflictError,
  DeliveryChannel,
  DeliveryStatus,
  type DeliveryView,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotificationChannelInput,
  NotificationChannelPatch,
  type NotificationChannelView,
  type NotificationList,
  NotificationPreferencesInput,
  type NotificationPreferences,
  NotificationSeverity,
  type NotificationView,
  type Principal,
  requirePermission,
  WebhookFormat,
  webhookPayload,
} from '@citysoc/core';
import type { Selectable } from 'kysely';
import { v7 as timeOrderedUuid } from 'uuid';
import { z } from 'zod';
import { constraintViolation } from '../../platform/db/constraint-errors.ts';
import type { Store } from '../../platform/db/database.ts';
import type {
  NotificationChannelsTable,
  NotificationDeliveriesTable,
  NotificationsTable,
} from '../../platform/db/schema.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Deliveries } from './notification-delivery.ts';
import {
  countNotifications,
  deleteChannel,
  findChannel,
  findDelivery,
  findNotification,
  heldWindowsOfUser,
  insertChannel,
  listChannels,
  listDeliveries,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  preferencesOf,
  savePreferences,
  updateChannel,
} from './notifications.repository.ts';
import { openChannelSecret, openEmail, sealChannelSecret, sealEmail, storedRules } from './notifications.service.ts';

function toView(row: Selectable<NotificationsTable>): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    severity: NotificationSeverity.parse(row.severity),
    title: row.title,
    body: row.body,
    link: row.link,
    departmentId: row.department_id,
    createdAt: row.created_at,
    readAt: row.read_at,
    heldBack: Number(row.held_back),
  };
}

function channelView(row: Selectable<NotificationChannelsTable>): NotificationChannelView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    format: WebhookFormat.parse(row.format),
    departmentId: row.department_id,
    kinds: z.array(z.string()).parse(JSON.parse(row.kinds)),
    minSeverity: NotificationSeverity.parse(row.min_severity),
    enabled: row.enabled === 1,
    hasSecret: row.secret_sealed !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function deliveryView(row: Selectable<NotificationDeliveriesTable>): DeliveryView {
  return {
    id: row.id,
    channel: DeliveryChannel.parse(row.channel),
    channelId: row.channel_id,
    target: row.target,
    kind: row.kind,
    title: row.title,
    status: DeliveryStatus.parse(row.status),
    attempts: Number(row.attempts),
    httpStatus: row.http_status === null ? null : Number(row.http_status),
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** Notifications belong to people: an API token has no inbox and no preferences. */
function requirePerson(actor: Principal): string {
  if (actor.kind !== 'user') throw new NotAllowedError('Notifications are for people; sign in as a user');
  return actor.id;
}

/**
 * What people and administrators do with notifications: read and clear one's own, set one's preferences, and
 * (with `notifications.manage`) manage the webhook channels and look at deliveries. Every change of
 * preferences or channels is audited; secrets and e-mail addresses never appear in the audit details.
 */
export function createNotificationSettings(deps: {
  store: Store;
  audit: AuditLog;
  secrets: SecretBox;
  deliveries: Deliveries;
  emailAvailable: boolean;
  now: () => Date;
}) {
  const { store, audit, secrets, deliveries, now } = deps;

  function requireManage(actor: Principal, departmentId: string | null): void {
    requirePermission(actor, 'notifications.manage');
    if (!canSeeDepartment(actor, departmentId)) {
      throw new NotAllowedError(`You may not manage channels of ${departmentId ?? 'the whole city'}`);
    }
  }

  async function channel(id: string): Promise<Selectable<NotificationChannelsTable>> {
    const row = await findChannel(store.db, id);
    if (!row) throw new NotFoundError(`Notification channel '${id}' not found`);
    return row;
  }

  function translateWriteError(error: unknown, name: string | undefined): never {
    const violation = constraintViolation(error);
    if (violation === 'unique') throw new ConflictError(`A channel named '${name ?? ''}' already exists`);
    if (violation === 'foreign_key') throw new InputError('The department does not exist');
    throw error;
  }

  async function preferences(actor: Principal): Promise<NotificationPreferences> {
    const userId = requirePerson(actor);
    const row = (await preferencesOf(store.db, [userId])).get(userId);
    return {
      email: row ? openEmail(secrets, userId, row.email_sealed) : null,
      rules: row ? storedRules(row.rules) : [],
      emailAvailable: deps.emailAvailable,
      updatedAt: row?.updated_at ?? null,
    };
  }

  return {
    async list(
      actor: Principal,
      page: { limit?: number; offset?: number; unread?: boolean } = {},
    ): Promise<NotificationList> {
      const userId = requirePerson(actor);
      const [rows, counts, held] = await Promise.all([
        listNotifications(store.db, userId, {
          limit: page.limit ?? 50,
          offset: page.offset ?? 0,
          unreadOnly: page.unread ?? false,
        }),
        countNotifications(store.db, userId),
        heldWindowsOfUser(store.db, userId),
      ]);
      return {
        items: rows.map(toView),
        ...counts,
        heldBack: held.map((h) => ({
          channel: DeliveryChannel.parse(h.channel),
          count: Number(h.held),
          until: h.ends_at,
        })),
      };
    },

    async unreadCount(actor: Principal): Promise<number> {
      return (await countNotifications(store.db, requirePerson(actor))).unread;
    },

    async markRead(actor: Principal, id: string): Promise<NotificationView> {
      const userId = requirePerson(actor);
      await markNotificationRead(store.db, userId, id, now().toISOString());
      const row = await findNotification(store.db, userId, id);
      if (!row) throw new NotFoundError(`Notification '${id}' not found`);
      return toView(row);
    },

    async markAllRead(actor: Principal): Promise<{ updated: number }> {
      return { updated: await markAllNotificationsRead(store.db, requirePerson(actor), now().toISOString()) };
    },

    preferences,

    async setPreferences(actor: Principal, input: unknown): Promise<NotificationPreferences> {
      const userId = requirePerson(actor);
      const next = NotificationPreferencesInput.parse(input);
      await audit.transact(actor, async (trx, record) => {
        const before = (await preferencesOf(trx, [userId])).get(userId);
        const previous = before ? openEmail(secrets, userId, before.email_sealed) : null;
        await savePreferences(trx, {
          user_id: userId,
          email_sealed: sealEmail(secrets, userId, next.email),
          rules: JSON.stringify(next.rules),
          updated_at: now().toISOString(),
        });
        const emailChange = previous === next.email ? 'unchanged' : next.email === null ? 'removed' : 'set';
        record({
          action: 'notification_preferences.update',
          targetType: 'user',
          targetId: userId,
          departmentId: null,
          details: { rules: next.rules.map((r) => `${r.kinds}≥${r.minSeverity}`), email: emailChange },
        });
      });
      return preferences(actor);
    },

    async channels(actor: Principal): Promise<NotificationChannelView[]> {
      requirePermission(actor, 'notifications.manage');
      const rows = await listChannels(store.db);
      return rows.filter((row) => canSeeDepartment(actor, row.department_id)).map(channelView);
    },

    async createChannel(actor: Principal, input: unknown): Promise<NotificationChannelView> {
      const channelInput = NotificationChannelInput.parse(input);
      requireManage(actor, channelInput.departmentId);
      const id = timeOrderedUuid();
      const at = now().toISOString();
      try {
        await audit.transact(actor, async (trx, record) => {
          await insertChannel(trx, {
            id,
            name: channelInput.name,
            url: channelInput.url,
            format: channelInput.format,
            department_id: channelInput.departmentId,
            kinds: JSON.stringify(channelInput.kinds),
            min_severity: channelInput.minSeverity,
            secret_sealed: sealChannelSecret(secrets, id, channelInput.secret),
            enabled: channelInput.enabled ? 1 : 0,
            created_at: at,
            updated_at: at,
          });
          const { secret: _secret, ...shown } = channelInput;
          record({
            action: 'notification_channel.create',
            targetType: 'notification_channel',
            targetId: id,
            departmentId: channelInput.departmentId,
            after: shown,
            details: { name: shown.name, format: shown.format, signed: channelInput.secret !== null },
          });
        });
      } catch (error) {
        translateWriteError(error, channelInput.name);
      }
      return channelView(await channel(id));
    },

    async updateChannel(actor: Principal, id: string, input: unknown): Promise<NotificationChannelView> {
      const patch = NotificationChannelPatch.parse(input);
      const before = await channel(id);
      requireManage(actor, before.department_id);
      if (patch.departmentId !== undefined) requireManage(actor, patch.departmentId);
      try {
        await audit.transact(actor, async (trx, record) => {
          await updateChannel(trx, id, {
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.url !== undefined && { url: patch.url }),
            ...(patch.format !== undefined && { format: patch.format }),
            ...(patch.departmentId !== undefined && { department_id: patch.departmentId }),
            ...(patch.kinds !== undefined && { kinds: JSON.stringify(patch.kinds) }),
            ...(patch.minSeverity !== undefined && { min_severity: patch.minSeverity }),
            ...(patch.secret !== undefined && { secret_sealed: sealChannelSecret(secrets, id, patch.secret) }),
            ...(patch.enabled !== undefined && { enabled: patch.enabled ? 1 : 0 }),
            updated_at: now().toISOString(),
          });
          const { secret, ...shown } = patch;
          record({
            action: 'notification_channel.update',
            targetType: 'notification_channel',
            targetId: id,
            departmentId: patch.departmentId === undefined ? before.department_id : patch.departmentId,
            before: channelView(before),
            after: shown,
            details: {
              name: patch.name ?? before.name,
              changed: Object.keys(patch),
              ...(secret !== undefined && { secret: secret === null ? 'removed' : 'replaced' }),
            },
          });
        });
      } catch (error) {
        translateWriteError(error, patch.name);
      }
      return channelView(await channel(id));
    },

    async deleteChannel(actor: Principal, id: string): Promise<void> {
      const before = await channel(id);
      requireManage(actor, before.department_id);
      await audit.transact(actor, async (trx, record) => {
        await deleteChannel(trx, id);
        record({
          action: 'notification_channel.delete',
          targetType: 'notification_channel',
          targetId: id,
          departmentId: before.department_id,
          before: channelView(before),
          details: { name: before.name },
        });
      });
    },

    /** Sends a test message now (one try) and answers how it went. */
    async testChannel(actor: Principal, id: string): Promise<DeliveryView> {
      const row = await channel(id);
      requireManage(actor, row.department_id);
      const at = now().toISOString();
      const title = `Test message from CitySOC (${row.name})`;
      const result = await deliveries.webhookNow({
        channelId: row.id,
        channelName: row.name,
        url: row.url,
        secret: openChannelSecret(secrets, row),
        kind: 'notifications.test',
        title,
        departmentId: row.department_id,
        payload: webhookPayload(WebhookFormat.parse(row.format), {
          kind: 'notifications.test',
          severity: 'info',
          title,
          body: `${actor.name} sent this to check that the channel works.`,
          link: null,
          departmentId: row.department_id,
          at,
          heldBack: 0,
        }),
      });
      await audit.transact(actor, (_trx, record) => {
        record({
          action: 'notification_channel.test',
          targetType: 'notification_channel',
          targetId: id,
          departmentId: row.department_id,
          details: { name: row.name, ok: result.ok, attempts: result.attempts, status: result.httpStatus },
        });
        return Promise.resolve();
      });
      const delivery = await findDelivery(store.db, result.id);
      if (!delivery) throw new NotFoundError('The test delivery was not recorded');
      return deliveryView(delivery);
    },

    async deliveries(
      actor: Principal,
      filter: { status?: DeliveryStatus; channel?: DeliveryChannel; limit?: number } = {},
    ): Promise<DeliveryView[]> {
      requirePermission(actor, 'notifications.manage');
      const rows = await listDeliveries(store.db, { ...filter, limit: filter.limit ?? 200 });
      return rows.filter((row) => canSeeDepartment(actor, row.department_id)).map(deliveryView);
    },
  };
}

export type NotificationSettings = ReturnType<typeof createNotificationSettings>;
