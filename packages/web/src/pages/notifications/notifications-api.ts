import {
  DeliveryView,
  NotificationChannelView,
  NotificationList,
  NotificationPreferences,
  NotificationView,
  type DeliveryStatus,
  type NotificationChannelInput,
  type NotificationChannelPatch,
  type NotificationPreferencesInput,
} from '@citysoc/core';
import { z } from 'zod';
import { ignoreBody, request } from '../../api/client.ts';

/** The notifications endpoints (server: features/notifications), parsed with core's schemas. */

const UnreadCount = z.object({ unread: z.number() });

export function fetchUnreadCount(): Promise<number> {
  return request('GET', '/api/notifications/unread-count', (json) => UnreadCount.parse(json).unread);
}

export function listNotifications(page: { offset: number; limit: number; unread: boolean }): Promise<NotificationList> {
  const params = new URLSearchParams({ offset: String(page.offset), limit: String(page.limit) });
  if (page.unread) params.set('unread', 'true');
  return request('GET', `/api/notifications?${params.toString()}`, (json) => NotificationList.parse(json));
}

export function markNotificationRead(id: string): Promise<NotificationView> {
  return request('POST', `/api/notifications/${encodeURIComponent(id)}/read`, (json) => NotificationView.parse(json));
}

export function markAllNotificationsRead(): Promise<number> {
  return request(
    'POST',
    '/api/notifications/read-all',
    (json) => z.object({ updated: z.number() }).parse(json).updated,
  );
}

export function fetchPreferences(): Promise<NotificationPreferences> {
  return request('GET', '/api/notifications/preferences', (json) => NotificationPreferences.parse(json));
}

export function savePreferences(input: NotificationPreferencesInput): Promise<NotificationPreferences> {
  return request('PUT', '/api/notifications/preferences', (json) => NotificationPreferences.parse(json), input);
}

export function listChannels(): Promise<NotificationChannelView[]> {
  return request('GET', '/api/notifications/channels', (json) => NotificationChannelView.array().parse(json));
}

export function createChannel(input: NotificationChannelInput): Promise<NotificationChannelView> {
  return request('POST', '/api/notifications/channels', (json) => NotificationChannelView.parse(json), input);
}

export function updateChannel(id: string, patch: NotificationChannelPatch): Promise<NotificationChannelView> {
  return request(
    'PATCH',
    `/api/notifications/channels/${encodeURIComponent(id)}`,
    (json) => NotificationChannelView.parse(json),
    patch,
  );
}

export function deleteChannel(id: string): Promise<void> {
  return request('DELETE', `/api/notifications/channels/${encodeURIComponent(id)}`, ignoreBody);
}

export function testChannel(id: string): Promise<DeliveryView> {
  return request('POST', `/api/notifications/channels/${encodeURIComponent(id)}/test`, (json) =>
    DeliveryView.parse(json),
  );
}

export function listDeliveries(status?: DeliveryStatus): Promise<DeliveryView[]> {
  const query = status === undefined ? '' : `?status=${status}`;
  return request('GET', `/api/notifications/deliveries${query}`, (json) => DeliveryView.array().parse(json));
}
