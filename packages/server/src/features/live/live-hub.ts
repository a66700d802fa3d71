import { canSeeDepartment, type Principal } from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';

/** What the dashboard is told changed; it then refetches with its own scope. Messages never carry data. */
export type LiveTopic =
  | 'alerts'
  | 'events'
  | 'inventory'
  | 'audit'
  | 'stance'
  | 'intel'
  | 'vulns'
  | 'incidents'
  | 'posture'
  | 'notifications';

export interface LiveSubscriber {
  readonly principal: Principal;
  send(topic: LiveTopic): void;
}

export interface LiveHub {
  /** Adds a subscriber; false when the hub is full (the caller answers 503). Returns an unsubscribe function. */
  subscribe(subscriber: LiveSubscriber): (() => void) | null;
  readonly size: number;
  close(): void;
}

/** Coalescing window: a burst of commits becomes one "events changed" per subscriber per window. */
const COALESCE_MS = 1000;

/**
 * Turns bus notifications into per-subscriber change signals. Each subscriber hears about a topic at most once
 * per second (ingest commits every few milliseconds), and only about audit entries of departments it may
 * see, so the stream itself reveals nothing another department does.
 */
export function createLiveHub(deps: { bus: Bus; maxSubscribers: number }): LiveHub {
  const subscribers = new Set<LiveSubscriber>();
  const pending = new Map<LiveSubscriber, Set<LiveTopic>>();
  let timer: NodeJS.Timeout | null = null;

  function flush() {
    timer = null;
    for (const [subscriber, topics] of pending) for (const topic of topics) subscriber.send(topic);
    pending.clear();
  }

  function notify(topic: LiveTopic, visible: (principal: Principal) => boolean = () => true) {
    for (const subscriber of subscribers) {
      if (!visible(subscriber.principal)) continue;
      const topics = pending.get(subscriber) ?? new Set<LiveTopic>();
      topics.add(topic);
      pending.set(subscriber, topics);
    }
    timer ??= setTimeout(flush, COALESCE_MS);
  }

  const unsubscribers = [
    deps.bus.subscribe('alerts.raised', () => notify('alerts')),
    deps.bus.subscribe('events.committed', () => notify('events')),
    deps.bus.subscribe('inventory.changed', () => notify('inventory')),
    deps.bus.subscribe('intel.changed', () => notify('intel')),
    deps.bus.subscribe('vulns.changed', () => notify('vulns')),
    deps.bus.subscribe('incidents.changed', () => notify('incidents')),
    deps.bus.subscribe('posture.changed', () => notify('posture')),
    // The city's stance ('*') is everyone's; a department's, its readers'.
    deps.bus.subscribe('stance.changed', (message) => {
      const { scope } = message as { scope?: string };
      notify('stance', (principal) => scope === '*' || canSeeDepartment(principal, scope ?? null));
    }),
    // A new notification is news for its recipients only.
    deps.bus.subscribe('notifications.created', (message) => {
      const { userIds } = message as { userIds?: string[] };
      notify('notifications', (principal) => principal.kind === 'user' && (userIds ?? []).includes(principal.id));
    }),
    deps.bus.subscribe('audit.appended', (message) => {
      const { action, departmentId } = message as { action?: string; departmentId?: string | null };
      const visible = (principal: Principal) => canSeeDepartment(principal, departmentId ?? null);
      notify('audit', visible);
      if (action?.startsWith('alert.')) notify('alerts', visible);
    }),
  ];

  return {
    subscribe(subscriber) {
      if (subscribers.size >= deps.maxSubscribers) return null;
      subscribers.add(subscriber);
      return () => {
        subscribers.delete(subscriber);
        pending.delete(subscriber);
      };
    },
    get size() {
      return subscribers.size;
    },
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (timer) clearTimeout(timer);
      subscribers.clear();
    },
  };
}
