import type { Bus } from './bus/bus.ts';
import type { Logger } from './log.ts';

/**
 * The loop of a consumer that reads rows in commit order from its own checkpoint (incident grouping and alert
 * notifications follow the alerts table this way). `processBatch` reads and handles one batch after the
 * checkpoint and moves it; a batch shorter than `batchSize` means the consumer has caught up. The bus subject
 * only wakes the loop early: the poll catches rows other processes committed, so a lost wake-up costs a delay,
 * never a row. Failures are logged and retried on the next round.
 */
export interface BatchFollower {
  start(): void;
  /** Drains every batch there is now; resolves with how many rows it read. */
  catchUp(): Promise<number>;
  /** Ends the loop after the batch in hand. */
  stop(): Promise<void>;
}

export function createBatchFollower(deps: {
  bus: Bus;
  wakeOn: string;
  log: Logger;
  /** For the log line when a round fails ("incident grouping"). */
  what: string;
  batchSize: number;
  idlePollMs: number;
  processBatch: () => Promise<number>;
}): BatchFollower {
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;

  async function catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await deps.processBatch();
      total += n;
      if (n < deps.batchSize) return total;
    }
  }

  async function follow(): Promise<void> {
    while (running) {
      try {
        await catchUp();
      } catch (error) {
        deps.log.error({ err: error }, `${deps.what} failed; retrying`);
      }
      if (!running) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, deps.idlePollMs).unref();
      });
      wake = null;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      unsubscribe = deps.bus.subscribe(deps.wakeOn, () => wake?.());
      loop = follow();
    },
    catchUp,
    async stop() {
      running = false;
      unsubscribe?.();
      wake?.();
      await loop;
    },
  };
}
