import { InputError } from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { maintainPartitions, type PartitionMaintenance } from './event-partitions.ts';
import { deleteEventsBefore } from './events.repository.ts';

/** How long events are kept: a default for every source, and overrides per log source. */
export interface RetentionPolicy {
  defaultDays: number;
  perSource: ReadonlyMap<string, number>;
}

/** Reads `source=days` entries, comma-separated (`suricata-eve=30,device-telemetry=7`). */
export function parseRetentionPolicy(defaultDays: number, perSource: string): RetentionPolicy {
  const map = new Map<string, number>();
  for (const entry of perSource
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const [source, days] = entry.split('=').map((p) => p.trim());
    const value = Number(days);
    if (!source || !Number.isFinite(value) || value <= 0) {
      throw new InputError(`Retention entry '${entry}' must be <log-source>=<days>`);
    }
    map.set(source, value);
  }
  return { defaultDays, perSource: map };
}

const BATCH = 5000;
const DAY_MS = 86_400_000;

/** What one retention run removed: rows deleted one batch at a time, and (PostgreSQL) whole days dropped. */
export interface RetentionRun {
  deletedEvents: number;
  partitions: PartitionMaintenance;
}

/**
 * Removes everything the policy says is too old. On PostgreSQL whole days older than the longest retention are
 * dropped first (and the coming days' partitions made); what is left — sources with a shorter retention, events
 * in the default partition, and SQLite — is deleted batch by batch, yielding between batches.
 */
export async function enforceRetention(store: Store, policy: RetentionPolicy, now: Date): Promise<RetentionRun> {
  const longest = Math.max(policy.defaultDays, ...policy.perSource.values());
  const partitions = await maintainPartitions(store, now, new Date(now.getTime() - longest * DAY_MS));
  return { deletedEvents: await deleteExpiredRows(store, policy, now), partitions };
}

async function deleteExpiredRows(store: Store, policy: RetentionPolicy, now: Date): Promise<number> {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const targets = [
    ...[...policy.perSource].map(([source, days]) => ({ source, exceptSources: [], before: cutoff(days) })),
    { source: null, exceptSources: [...policy.perSource.keys()], before: cutoff(policy.defaultDays) },
  ];
  let deleted = 0;
  for (const target of targets) {
    for (;;) {
      const n = await deleteEventsBefore(store.db, target, target.before, BATCH);
      deleted += n;
      if (n < BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return deleted;
}

/** Runs `enforceRetention` now and then every `intervalMs`; returns a stop function that awaits a run. */
export function scheduleRetention(deps: {
  store: Store;
  log: Logger;
  policy: RetentionPolicy;
  intervalMs: number;
}): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = enforceRetention(deps.store, deps.policy, new Date()).then(
      ({ deletedEvents, partitions }) => {
        const { created, dropped, deferred } = partitions;
        if (deletedEvents > 0 || dropped.length > 0) {
          deps.log.info(
            { deletedEvents, dropped, droppedEvents: partitions.droppedEvents },
            'retention removed old events',
          );
        }
        if (created.length > 0)
          deps.log.info({ created, movedEvents: partitions.movedEvents }, 'made event partitions');
        if (deferred.length > 0)
          deps.log.warn({ deferred }, 'event partition changes waited too long for a lock; retried next run');
      },
      (error: unknown) => deps.log.error({ err: error }, 'retention run failed'),
    );
  };
  const first = setTimeout(run, 5_000);
  const timer = setInterval(run, deps.intervalMs);
  timer.unref();
  first.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
