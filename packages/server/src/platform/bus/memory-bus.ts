import type { Bus } from './bus.ts';

type Handler = (message: unknown, subject: string) => void | Promise<void>;

function matches(pattern: string, subject: string): boolean {
  if (pattern === '>') return true;
  if (pattern.endsWith('.>')) return subject.startsWith(pattern.slice(0, -1));
  return pattern === subject;
}

/**
 * In-process bus for the embedded mode. Delivery is asynchronous (after the publisher's current task), so a
 * slow or failing subscriber never delays or breaks the publisher; failures go to `onHandlerError`.
 */
export function createMemoryBus(onHandlerError: (error: unknown, subject: string) => void): Bus {
  const subscriptions = new Set<{ pattern: string; handler: Handler }>();
  let closed = false;

  return {
    kind: 'memory',
    publish(subject, message) {
      if (closed) return Promise.reject(new Error('bus is closed'));
      for (const subscription of subscriptions) {
        if (!matches(subscription.pattern, subject)) continue;
        queueMicrotask(() => {
          Promise.resolve()
            .then(() => subscription.handler(message, subject))
            .catch((error: unknown) => onHandlerError(error, subject));
        });
      }
      return Promise.resolve();
    },
    subscribe(pattern, handler) {
      const subscription = { pattern, handler };
      subscriptions.add(subscription);
      return () => subscriptions.delete(subscription);
    },
    connected: () => !closed,
    close() {
      closed = true;
      subscriptions.clear();
      return Promise.resolve();
    },
  };
}
