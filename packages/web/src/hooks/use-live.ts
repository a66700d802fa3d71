import { useEffect, useRef } from 'react';

/** What `GET /api/live` says changed; the page refetches what it shows, with its own scope. */
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

type Listener = (topic: LiveTopic) => void;

const TOPICS: readonly LiveTopic[] = [
  'alerts',
  'events',
  'inventory',
  'audit',
  'stance',
  'intel',
  'vulns',
  'incidents',
  'posture',
  'notifications',
];
const listeners = new Set<Listener>();
let source: EventSource | null = null;

/**
 * One EventSource for the whole page, opened while any component listens and closed when none does. The
 * browser reconnects by itself after a drop (and the session cookie goes with it).
 */
function connect(): void {
  // No EventSource (tests rendering without a browser): pages still poll.
  if (source !== null || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/live');
  for (const topic of TOPICS) {
    source.addEventListener(topic, () => {
      for (const listener of listeners) listener(topic);
    });
  }
}

function disconnect(): void {
  if (listeners.size > 0 || source === null) return;
  source.close();
  source = null;
}

/** Calls `onChange` whenever one of `topics` changes on the server (at most about once a second). */
export function useLive(topics: readonly LiveTopic[], onChange: () => void): void {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  }, [onChange]);
  const key = topics.join(',');
  useEffect(() => {
    const wanted = new Set(key.split(','));
    const listener: Listener = (topic) => {
      if (wanted.has(topic)) latest.current();
    };
    listeners.add(listener);
    connect();
    return () => {
      listeners.delete(listener);
      disconnect();
    };
  }, [key]);
}
