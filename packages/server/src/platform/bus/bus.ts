/**
 * The event bus between parts of CitySOC: change notifications (cache invalidation, live UI updates) now,
 * the event stream later. Embedded mode uses the in-process implementation; cluster mode NATS JetStream.
 * Subjects are dot-separated (`audit.appended`, `departments.changed`); a trailing `>` subscribes to a prefix.
 */
export interface Bus {
  readonly kind: 'memory' | 'nats';
  publish(subject: string, message: unknown): Promise<void>;
  /** Returns a function that ends the subscription. Handler errors are reported, never thrown to publishers. */
  subscribe(subject: string, handler: (message: unknown, subject: string) => void | Promise<void>): () => void;
  close(): Promise<void>;
}
