import type { Bus } from './bus/bus.ts';
import type { Logger } from './log.ts';

export interface Reevaluation<A extends unknown[], T> {
  /** Runs now, after any run in progress (one at a time, in call order); the caller gets this run's result. */
  run(...args: A): Promise<T>;
  /** Runs once things settle: bursts of changes (an import, a connector sync) become one run. */
  soon(): void;
  /** Also runs every `everyMs` (and once soon); for state that changes with time alone. */
  start(): void;
  close(): void;
}

/**
 * A derived state that is re-evaluated when what it depends on changes (bus subjects) or as time passes:
 * the security stance, vulnerability findings, the posture. Runs never overlap, so each sees the previous one's
 * writes; a failed run is logged and does not stop later ones.
 */
export function createReevaluation<A extends unknown[], T>(options: {
  what: string;
  evaluate: (...args: A) => Promise<T>;
  bus: Bus;
  log: Logger;
  /** Subjects whose messages make a run due soon. */
  on: readonly string[];
  debounceMs?: number;
  everyMs?: number;
}): Reevaluation<A, T> {
  const { what, bus, log } = options;
  const debounceMs = options.debounceMs ?? 2000;
  let running: Promise<unknown> = Promise.resolve();
  let debounce: NodeJS.Timeout | null = null;
  let timer: NodeJS.Timeout | null = null;

  function run(...args: A): Promise<T> {
    const next = running.catch(() => undefined).then(() => options.evaluate(...args));
    running = next;
    return next;
  }
  const background = () =>
    void (run as () => Promise<T>)().catch((error: unknown) => log.error({ err: error }, `${what} failed`));

  function soon() {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      background();
    }, debounceMs);
    debounce.unref();
  }
  const unsubscribers = options.on.map((subject) => bus.subscribe(subject, soon));

  return {
    run,
    soon,
    start() {
      if (options.everyMs !== undefined) {
        timer ??= setInterval(background, options.everyMs);
        timer.unref();
      }
      soon();
    },
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (timer) clearInterval(timer);
      if (debounce) clearTimeout(debounce);
    },
  };
}
