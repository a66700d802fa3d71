import type { DeliveryChannel } from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { deliverWebhook, type WebhookOptions, type WebhookResult } from '../../platform/webhook.ts';
import type { EmailMessage, EmailSender } from './email-sender.ts';
import { finishDelivery, insertDelivery } from './notifications.repository.ts';

/** What every delivery record says about the news it carried. */
export interface DeliverySubject {
  kind: string;
  title: string;
  departmentId: string | null;
}

export interface EmailDelivery extends DeliverySubject {
  userId: string;
  username: string;
  message: EmailMessage;
}

export interface WebhookDelivery extends DeliverySubject {
  channelId: string;
  channelName: string;
  url: string;
  secret: string | null;
  payload: unknown;
}

/** Thrown by a back-off sleep when the service closes: the delivery is recorded as cut short, not retried. */
class ClosingError extends Error {
  constructor() {
    super('stopped before the next attempt: CitySOC was shutting down');
  }
}

/**
 * Sends e-mails and webhook calls in the background, so `notify` never waits for a slow SMTP server or a chat
 * service that retries, and records each one in `notification_deliveries` (pending, then sent or failed with
 * attempts and the last error) for administrators. Failures are logged with the channel, never the address.
 */
export function createDeliveries(deps: {
  store: Store;
  log: Logger;
  email: EmailSender | null;
  webhook: WebhookOptions;
  /** Tries per e-mail, with the webhook back-off between them. */
  emailAttempts: number;
  now: () => Date;
}) {
  const { store, log, now } = deps;
  const inFlight = new Set<Promise<unknown>>();
  const sleepers = new Set<(error: Error) => void>();
  let closing = false;

  function sleep(ms: number): Promise<void> {
    if (closing) return Promise.reject(new ClosingError());
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        sleepers.delete(stop);
        resolve();
      }, ms);
      const stop = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      sleepers.add(stop);
    });
  }

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  async function record(
    channel: DeliveryChannel,
    subject: DeliverySubject,
    who: { channelId: string | null; userId: string | null; target: string },
    send: () => Promise<{ ok: boolean; attempts: number; httpStatus: number | null; error: string | null }>,
  ) {
    const id = timeOrderedUuid();
    await insertDelivery(store.db, {
      id,
      channel,
      channel_id: who.channelId,
      user_id: who.userId,
      target: who.target,
      kind: subject.kind,
      title: subject.title.slice(0, 300),
      department_id: subject.departmentId,
      status: 'pending',
      attempts: 0,
      http_status: null,
      error: null,
      created_at: now().toISOString(),
      finished_at: null,
    });
    let outcome: Awaited<ReturnType<typeof send>>;
    try {
      outcome = await send();
    } catch (error) {
      outcome = { ok: false, attempts: 0, httpStatus: null, error: (error as Error).message };
    }
    if (!outcome.ok) {
      log.warn(
        { channel, target: who.target, kind: subject.kind, error: outcome.error },
        'notification delivery failed',
      );
    }
    await finishDelivery(store.db, id, {
      status: outcome.ok ? 'sent' : 'failed',
      attempts: outcome.attempts,
      http_status: outcome.httpStatus,
      error: outcome.error?.slice(0, 1000) ?? null,
      finished_at: now().toISOString(),
    });
    return { id, ...outcome };
  }

  async function sendEmail(message: EmailMessage) {
    const sender = deps.email;
    if (sender === null) return { ok: false, attempts: 0, httpStatus: null, error: 'no SMTP server is configured' };
    let error = 'not attempted';
    const attempts = Math.max(1, deps.emailAttempts);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await sender.send(message);
        return { ok: true, attempts: attempt, httpStatus: null, error: null };
      } catch (failure) {
        error = (failure as Error).message;
        // A 5xx reply (unknown mailbox, refused sender) is the server's final word; retrying changes nothing.
        const code = (failure as { responseCode?: unknown }).responseCode;
        if (typeof code === 'number' && code >= 500) return { ok: false, attempts: attempt, httpStatus: null, error };
      }
      if (attempt === attempts) return { ok: false, attempts: attempt, httpStatus: null, error };
      try {
        await sleep((deps.webhook.backoffMs ?? 1000) * 2 ** (attempt - 1));
      } catch (stopped) {
        return { ok: false, attempts: attempt, httpStatus: null, error: `${error}; ${(stopped as Error).message}` };
      }
    }
    return { ok: false, attempts, httpStatus: null, error };
  }

  async function callWebhook(delivery: WebhookDelivery, options: WebhookOptions) {
    let result: WebhookResult;
    try {
      result = await deliverWebhook(
        { url: delivery.url, payload: delivery.payload, ...(delivery.secret !== null && { secret: delivery.secret }) },
        { ...deps.webhook, ...options, sleep },
      );
    } catch (error) {
      if (!(error instanceof ClosingError)) throw error;
      return { ok: false, attempts: 0, httpStatus: null, error: error.message };
    }
    return { ok: result.ok, attempts: result.attempts, httpStatus: result.status, error: result.error };
  }

  /** Failures to write the delivery record itself are logged: the caller has long moved on. */
  function background<T>(work: Promise<T>): void {
    void track(work).catch((error: unknown) =>
      log.error({ err: error }, 'notification delivery could not be recorded'),
    );
  }

  return {
    email(delivery: EmailDelivery): void {
      background(
        record('email', delivery, { channelId: null, userId: delivery.userId, target: delivery.username }, () =>
          sendEmail(delivery.message),
        ),
      );
    },

    webhook(delivery: WebhookDelivery): void {
      background(
        record('webhook', delivery, { channelId: delivery.channelId, userId: null, target: delivery.channelName }, () =>
          callWebhook(delivery, {}),
        ),
      );
    },

    /** One try, awaited: an administrator pressing "Send test" waits for the answer rather than the retries. */
    webhookNow(delivery: WebhookDelivery) {
      return track(
        record('webhook', delivery, { channelId: delivery.channelId, userId: null, target: delivery.channelName }, () =>
          callWebhook(delivery, { attempts: 1 }),
        ),
      );
    },

    /** Resolves when every delivery started so far has finished (tests, shutdown). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    /** Cuts back-off waits short (recorded as failed) and waits for the deliveries in progress. */
    async close(): Promise<void> {
      closing = true;
      for (const stop of sleepers) stop(new ClosingError());
      sleepers.clear();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      deps.email?.close();
    },
  };
}

export type Deliveries = ReturnType<typeof createDeliveries>;
