import { Role } from '@citysoc/core';
import type { Insertable, Selectable } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type {
  NotificationChannelsTable,
  NotificationDeliveriesTable,
  NotificationPreferencesTable,
  NotificationsTable,
  NotificationWindowsTable,
} from '../../platform/db/schema.ts';

/** A person who may receive notifications: enough to build their principal and check their scope. */
export interface RecipientRow {
  id: string;
  username: string;
  role: Role;
  departmentIds: string[];
  disabled: boolean;
}

/**
 * People by id, or (with `roles`) everyone holding one of those roles. Only identifiers and grants are read:
 * who may hear what is decided from the role and departments, never from personal fields.
 */
export async function listRecipientRows(
  db: Queryable,
  filter: { ids?: readonly string[]; roles?: readonly string[] },
): Promise<RecipientRow[]> {
  const ids = filter.ids === undefined ? undefined : [...new Set(filter.ids)];
  if (ids?.length === 0 || filter.roles?.length === 0) return [];
  let query = db.selectFrom('users').select(['id', 'username', 'role', 'disabled_at']);
  if (ids !== undefined) query = query.where('id', 'in', ids);
  if (filter.roles !== undefined) query = query.where('role', 'in', [...filter.roles]);
  const users = await query.orderBy('id').execute();
  if (users.length === 0) return [];
  const grants = await db
    .selectFrom('user_departments')
    .select(['user_id', 'department_id'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  return users.flatMap((u) => {
    const role = Role.safeParse(u.role);
    if (!role.success) return [];
    return [
      {
        id: u.id,
        username: u.username,
        role: role.data,
        departmentIds: grants.filter((g) => g.user_id === u.id).map((g) => g.department_id),
        disabled: u.disabled_at !== null,
      },
    ];
  });
}

// ---- in-app notifications

export async function insertNotifications(db: Queryable, rows: readonly Insertable<NotificationsTable>[]) {
  if (rows.length > 0)
    await db
      .insertInto('notifications')
      .values([...rows])
      .execute();
}

/** A person's notifications, unread first, newest first within each. */
export function listNotifications(
  db: Queryable,
  userId: string,
  page: { limit: number; offset: number; unreadOnly: boolean },
): Promise<Selectable<NotificationsTable>[]> {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (page.unreadOnly) query = query.where('read_at', 'is', null);
  return (
    query
      // `read_at is not null` is 0 for unread rows on both engines (a boolean in PostgreSQL, 0/1 in SQLite).
      .orderBy((eb) => eb('read_at', 'is not', null))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
  );
}

export async function countNotifications(db: Queryable, userId: string): Promise<{ total: number; unread: number }> {
  const rows = await db
    .selectFrom('notifications')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>('id').filterWhere('read_at', 'is', null).as('unread'),
    ])
    .where('user_id', '=', userId)
    .execute();
  const row = rows[0];
  return { total: Number(row?.total ?? 0), unread: Number(row?.unread ?? 0) };
}

export function findNotification(db: Queryable, userId: string, id: string) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function markNotificationRead(db: Queryable, userId: string, id: string, at: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}

export async function markAllNotificationsRead(db: Queryable, userId: string, at: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- preferences

export async function preferencesOf(
  db: Queryable,
  userIds: readonly string[],
): Promise<Map<string, Selectable<NotificationPreferencesTable>>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notification_preferences')
    .selectAll()
    .where('user_id', 'in', [...new Set(userIds)])
    .execute();
  return new Map(rows.map((row) => [row.user_id, row]));
}

export async function savePreferences(db: Queryable, row: NotificationPreferencesTable): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ email_sealed: row.email_sealed, rules: row.rules, updated_at: row.updated_at }),
    )
    .execute();
}

// ---- webhook channels

export function listChannels(db: Queryable): Promise<Selectable<NotificationChannelsTable>[]> {
  return db.selectFrom('notification_channels').selectAll().orderBy('name').execute();
}

export function findChannel(db: Queryable, id: string) {
  return db.selectFrom('notification_channels').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertChannel(db: Queryable, row: NotificationChannelsTable): Promise<void> {
  await db.insertInto('notification_channels').values(row).execute();
}

export async function updateChannel(
  db: Queryable,
  id: string,
  changes: Partial<NotificationChannelsTable>,
): Promise<void> {
  await db.updateTable('notification_channels').set(changes).where('id', '=', id).execute();
}

export async function deleteChannel(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('notification_windows').where('channel_id', '=', id).execute();
  await db.deleteFrom('notification_channels').where('id', '=', id).execute();
}

// ---- deliveries

export async function insertDelivery(db: Queryable, row: NotificationDeliveriesTable): Promise<void> {
  await db.insertInto('notification_deliveries').values(row).execute();
}

export async function finishDelivery(
  db: Queryable,
  id: string,
  changes: Pick<NotificationDeliveriesTable, 'status' | 'attempts' | 'http_status' | 'error' | 'finished_at'>,
): Promise<void> {
  await db.updateTable('notification_deliveries').set(changes).where('id', '=', id).execute();
}

export function listDeliveries(
  db: Queryable,
  filter: { status?: string | undefined; channel?: string | undefined; limit: number },
): Promise<Selectable<NotificationDeliveriesTable>[]> {
  let query = db.selectFrom('notification_deliveries').selectAll();
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

// ---- rate-limit windows

export async function windowsOf(
  db: Queryable,
  targets: readonly string[],
): Promise<Map<string, Selectable<NotificationWindowsTable>>> {
  if (targets.length === 0) return new Map();
  const rows = await db
    .selectFrom('notification_windows')
    .selectAll()
    .where('target', 'in', [...new Set(targets)])
    .execute();
  return new Map(rows.map((row) => [row.target, row]));
}

export async function saveWindow(db: Queryable, row: NotificationWindowsTable): Promise<void> {
  const { target: _target, ...changes } = row;
  await db
    .insertInto('notification_windows')
    .values(row)
    .onConflict((oc) => oc.column('target').doUpdateSet(changes))
    .execute();
}

/** Windows that ended by `at`; those that held something back are summarised by the caller first. */
export function endedWindows(db: Queryable, at: string): Promise<Selectable<NotificationWindowsTable>[]> {
  return db.selectFrom('notification_windows').selectAll().where('ends_at', '<=', at).orderBy('ends_at').execute();
}

export async function deleteWindow(db: Queryable, target: string, endsAt: string): Promise<number> {
  // Only the window that was summarised: a new one for the same target may have started since.
  const result = await db
    .deleteFrom('notification_windows')
    .where('target', '=', target)
    .where('ends_at', '=', endsAt)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The end of the earliest window holding something back, to arm the summary timer. */
export async function nextHeldWindowEnd(db: Queryable): Promise<string | null> {
  const row = await db
    .selectFrom('notification_windows')
    .select((eb) => eb.fn.min('ends_at').as('ends_at'))
    .where('held', '>', 0)
    .executeTakeFirst();
  return row?.ends_at ?? null;
}

/** What is held back for a person right now, per channel. */
export function heldWindowsOfUser(db: Queryable, userId: string) {
  return db
    .selectFrom('notification_windows')
    .select(['channel', 'held', 'ends_at'])
    .where('user_id', '=', userId)
    .where('held', '>', 0)
    .orderBy('channel')
    .execute();
}

// ---- the alert follower's checkpoint

export async function readAlertCheckpoint(db: Queryable, consumer: string): Promise<string | null> {
  const row = await db
    .selectFrom('notification_checkpoints')
    .select('alert_id')
    .where('consumer', '=', consumer)
    .executeTakeFirst();
  return row?.alert_id ?? null;
}

export async function insertAlertCheckpoint(db: Queryable, consumer: string, alertId: string, at: string) {
  await db
    .insertInto('notification_checkpoints')
    .values({ consumer, alert_id: alertId, updated_at: at })
    .onConflict((oc) => oc.column('consumer').doNothing())
    .execute();
}

/**
 * Moves the checkpoint from `from` to `to`; false when another process moved it first (it then notifies for
 * those alerts, this one must not).
 */
export async function advanceAlertCheckpoint(
  db: Queryable,
  consumer: string,
  from: string,
  to: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('notification_checkpoints')
    .set({ alert_id: to, updated_at: at })
    .where('consumer', '=', consumer)
    .where('alert_id', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function latestAlertId(db: Queryable): Promise<string> {
  const row = await db
    .selectFrom('alerts')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id ?? '';
}

/** Alerts raised after `afterId` (ids are time-ordered, so id order is commit order), oldest first. */
export function alertsAfter(db: Queryable, afterId: string, limit: number) {
  return db
    .selectFrom('alerts')
    .select(['id', 'rule_id', 'level', 'title', 'department_id', 'ts'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function findDelivery(db: Queryable, id: string) {
  return db.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}
