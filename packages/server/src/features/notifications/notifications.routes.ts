import {
  DeliveryChannel,
  DeliveryStatus,
  DeliveryView,
  NotificationChannelInput,
  NotificationChannelPatch,
  NotificationChannelView,
  NotificationList,
  NotificationPreferences,
  NotificationPreferencesInput,
  NotificationView,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { NotificationSettings } from './notification-settings.service.ts';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const TAGS = ['notifications'];

/**
 * `/api/notifications`: one's own in-app notifications and preferences (every signed-in person), and the
 * webhook channels and delivery log (`notifications.manage`).
 */
export function registerNotificationsRoutes(app: HttpServer, deps: { notifications: NotificationSettings }): void {
  const { notifications } = deps;

  app.get(
    '/api/notifications',
    {
      schema: {
        tags: TAGS,
        summary: 'Your notifications, unread first, with counts and what the rate limit holds back right now',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          unread: Flag.optional(),
        }),
        response: { 200: NotificationList },
      },
    },
    (request) => notifications.list(principalOf(request), request.query),
  );
  app.get(
    '/api/notifications/unread-count',
    { schema: { tags: TAGS, response: { 200: z.object({ unread: z.number().int() }) } } },
    async (request) => ({ unread: await notifications.unreadCount(principalOf(request)) }),
  );
  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        tags: TAGS,
        summary: 'Mark all your notifications read',
        response: { 200: z.object({ updated: z.number() }) },
      },
    },
    (request) => notifications.markAllRead(principalOf(request)),
  );
  app.post(
    '/api/notifications/:id/read',
    { schema: { tags: TAGS, params: IdParams, response: { 200: NotificationView } } },
    (request) => notifications.markRead(principalOf(request), request.params.id),
  );

  app.get(
    '/api/notifications/preferences',
    { schema: { tags: TAGS, response: { 200: NotificationPreferences } } },
    (request) => notifications.preferences(principalOf(request)),
  );
  app.put(
    '/api/notifications/preferences',
    {
      schema: {
        tags: TAGS,
        summary: 'Your e-mail address and, per kind, the minimum severity and channels (in-app, e-mail)',
        body: NotificationPreferencesInput,
        response: { 200: NotificationPreferences },
      },
    },
    (request) => notifications.setPreferences(principalOf(request), request.body),
  );

  app.get(
    '/api/notifications/channels',
    {
      schema: {
        tags: TAGS,
        summary: 'Webhook channels (administrators)',
        response: { 200: z.array(NotificationChannelView) },
      },
    },
    (request) => notifications.channels(principalOf(request)),
  );
  app.post(
    '/api/notifications/channels',
    {
      schema: {
        tags: TAGS,
        summary: 'Add a webhook channel: generic JSON, Slack-compatible or Teams/Mattermost-compatible',
        body: NotificationChannelInput,
        response: { 201: NotificationChannelView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await notifications.createChannel(principalOf(request), request.body)),
  );
  app.patch(
    '/api/notifications/channels/:id',
    {
      schema: {
        tags: TAGS,
        params: IdParams,
        body: NotificationChannelPatch,
        response: { 200: NotificationChannelView },
      },
    },
    (request) => notifications.updateChannel(principalOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/notifications/channels/:id',
    { schema: { tags: TAGS, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await notifications.deleteChannel(principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/notifications/channels/:id/test',
    {
      schema: {
        tags: TAGS,
        summary: 'Send a test message to the channel now (one try) and show how it went',
        params: IdParams,
        response: { 200: DeliveryView },
      },
    },
    (request) => notifications.testChannel(principalOf(request), request.params.id),
  );

  app.get(
    '/api/notifications/deliveries',
    {
      schema: {
        tags: TAGS,
        summary: 'E-mails and webhook calls, newest first, with failures and their reasons (administrators)',
        querystring: z.strictObject({
          status: DeliveryStatus.optional(),
          channel: DeliveryChannel.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
        response: { 200: z.array(DeliveryView) },
      },
    },
    (request) => notifications.deliveries(principalOf(request), request.query),
  );
}
