import { UnavailableError } from '@citysoc/core';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Bus } from './bus.ts';

export interface NatsBusOptions {
  /** `nats://host:4222`, or several comma-separated servers of one NATS cluster. */
  url: string;
  /** First token of every subject of this installation, so several installations can share a NATS server. */
  prefix: string;
  /** Shown in NATS monitoring (`connz`), e.g. `citysoc-ingest@host`. */
  name?: string;
  /** Messages kept while disconnected, sent on reconnect; beyond it publishing fails (default 10,000). */
  maxBuffered?: number;
  onHandlerError: (error: unknown, subject: string) => void;
  /** Told when the connection drops and comes back (for the log). */
  onStatus?: (status: 'disconnected' | 'reconnected') => void;
}

/** The bus over NATS; its connection is shared with the JetStream event stream of the same node. */
export interface NatsBus extends Bus {
  readonly kind: 'nats';
  readonly connection: NatsConnection;
}

/**
 * The bus over core NATS for the cluster mode: change notifications reach every node (including the
 * publisher's own subscribers, as with the in-process bus). Bus subjects live under `<prefix>.bus.`, apart from
 * the event stream's `<prefix>.events.*`, so no stream ever captures a notification.
 *
 * Core NATS is at-most-once, and this client discards what was queued on a broken connection when it reconnects.
 * So while the connection is known to be down, publications are held here (bounded) and sent after the reconnect,
 * and beyond the bound `publish` fails with UnavailableError instead of growing memory. A message published in
 * the instant between the connection breaking and the client noticing can still be lost: bus messages are
 * notifications that something changed, and consumers also re-read on their own schedule.
 */
export async function connectNatsBus(options: NatsBusOptions): Promise<NatsBus> {
  const maxBuffered = options.maxBuffered ?? 10_000;
  const base = `${options.prefix}.bus.`;
  const connection = await connect({
    servers: options.url.split(',').map((s) => s.trim()),
    name: options.name ?? 'citysoc',
    // A node never gives up on its bus: NATS restarts and failovers are waited out, not fatal.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  let connected = true;
  let closed = false;
  const held: { subject: string; data: string }[] = [];
  const subscriptions = new Set<Subscription>();

  function flushHeld(): void {
    while (connected && held.length > 0) {
      const next = held.shift() as { subject: string; data: string };
      connection.publish(next.subject, next.data);
    }
  }

  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        connected = false;
        options.onStatus?.('disconnected');
      } else if (status.type === 'reconnect') {
        connected = true;
        options.onStatus?.('reconnected');
        flushHeld();
      }
    }
  })();

  return {
    kind: 'nats',
    connection,
    publish(subject, message) {
      if (closed || connection.isClosed()) return Promise.reject(new UnavailableError('The NATS bus is closed'));
      const data = JSON.stringify(message ?? null);
      if (!connected) {
        if (held.length >= maxBuffered) {
          return Promise.reject(
            new UnavailableError(`The NATS bus is disconnected and already holds ${maxBuffered} messages`),
          );
        }
        held.push({ subject: base + subject, data });
        return Promise.resolve();
      }
      try {
        connection.publish(base + subject, data);
      } catch (error) {
        return Promise.reject(
          new UnavailableError(`Cannot publish on the NATS bus: ${error instanceof Error ? error.message : error}`),
        );
      }
      return Promise.resolve();
    },
    subscribe(pattern, handler) {
      const subscription = connection.subscribe(base + pattern, {
        callback(error, msg) {
          if (error) {
            options.onHandlerError(error, pattern);
            return;
          }
          const subject = msg.subject.slice(base.length);
          Promise.resolve()
            .then(() => handler(msg.json<unknown>(), subject))
            .catch((failure: unknown) => options.onHandlerError(failure, subject));
        },
      });
      subscriptions.add(subscription);
      return () => {
        subscriptions.delete(subscription);
        subscription.unsubscribe();
      };
    },
    connected: () => connected && !closed && !connection.isClosed(),
    async close() {
      if (closed) return;
      closed = true;
      subscriptions.clear();
      // Drain sends what was published and lets handlers finish with what was delivered; a connection that is
      // down cannot drain, so it is closed after a short wait instead of holding up shutdown.
      if (connection.isClosed()) return;
      const drained = connection.drain().then(
        () => true,
        () => false,
      );
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref());
      if (!(await Promise.race([drained, timeout]))) await connection.close();
    },
  };
}
