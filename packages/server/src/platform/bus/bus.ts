/**
 * The event bus between parts of CitySOC: change notifications (cache invalidation, live UI updates) now,
 * the event stream later. Embedded mode uses the in-process implementation; cluster mode NATS JetStream.
 * Subjects are dot-separated (`audit.appended`, `departments.changed`); a trailing `>` subscribes to a prefix.
 * Messages are plain JSON values: whatever is published is what a subscriber on any node receives.
 */
export interface Bus {
  readonly kind: 'memory' | 'nats';
  publish(subject: string, message: unknown): Promise<void>;
  /** Returns a function that ends the subscription. Handler errors are reported, never thrown to publishers. */
  subscribe(subject: string, handler: (message: unknown, subject: string) => void | Promise<void>): () => void;
  /** Whether messages published now reach other subscribers (readiness): false while disconnected or closed. */
  connected(): boolean;
  close(): Promise<void>;
}
