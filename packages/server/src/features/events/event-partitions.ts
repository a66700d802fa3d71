import type { Store } from '../../platform/db/database.ts';
import { createDayPartition, dropDayPartition, listDayPartitions } from './event-partitions.repository.ts';

const DAY_MS = 86_400_000;
/** Days created ahead of today: covers clock skew of devices and a server that stays down over a weekend. */
export const PARTITION_DAYS_AHEAD = 3;

/** What one maintenance run did to the day partitions. */
export interface PartitionMaintenance {
  created: string[];
  /** Events found in the default partition for a newly created day and moved into it. */
  movedEvents: number;
  dropped: string[];
  /** Days whose create or drop waited too long for a lock (a long search, a busy default): tried next run. */
  deferred: string[];
  /** PostgreSQL's estimate of the events the dropped partitions held (exact counts would scan them). */
  droppedEvents: number;
}

const NOTHING: PartitionMaintenance = { created: [], movedEvents: 0, dropped: [], deferred: [], droppedEvents: 0 };

/** PostgreSQL's lock_not_available: the lock timeout of a partition step ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

function isLockTimeout(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === LOCK_NOT_AVAILABLE;
}

function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
}

/**
 * Which days to create and which to drop: today and the next few days exist before their events arrive; a day
 * goes once all of it is older than `keepAfter` (the cut-off of the longest retention), so no source loses an
 * event its own policy still keeps. Days before the first partition are never created: their events sit in the
 * default partition, which row-by-row retention cleans.
 */
export function planPartitions(
  existing: readonly string[],
  now: Date,
  keepAfter: Date,
): { create: string[]; drop: string[] } {
  const have = new Set(existing);
  const create: string[] = [];
  for (let ahead = 0; ahead <= PARTITION_DAYS_AHEAD; ahead += 1) {
    const day = dayOf(now.getTime() + ahead * DAY_MS);
    if (!have.has(day)) create.push(day);
  }
  const drop = existing.filter((day) => Date.parse(`${nextDay(day)}T00:00:00Z`) <= keepAfter.getTime());
  return { create, drop };
}

/**
 * Keeps PostgreSQL's day partitions in step with the clock and the retention policy; nothing to do on SQLite.
 * Days that cannot be made or dropped now (a long search holds the table) are left for the next run.
 */
export async function maintainPartitions(store: Store, now: Date, keepAfter: Date): Promise<PartitionMaintenance> {
  if (store.kind !== 'postgres') return NOTHING;
  const plan = planPartitions(await listDayPartitions(store.db), now, keepAfter);
  const result: PartitionMaintenance = { created: [], movedEvents: 0, dropped: [], deferred: [], droppedEvents: 0 };
  // Once one step waited too long for its lock, the table is busy: leave the rest for the next run instead of
  // waiting out a timeout per day.
  const steps = [
    ...plan.create.map((day) => ({
      day,
      run: async () => {
        result.movedEvents += await createDayPartition(store.db, day, nextDay(day));
        result.created.push(day);
      },
    })),
    ...plan.drop.map((day) => ({
      day,
      run: async () => {
        result.droppedEvents += await dropDayPartition(store.db, day);
        result.dropped.push(day);
      },
    })),
  ];
  for (const [index, { run }] of steps.entries()) {
    try {
      await run();
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      result.deferred.push(...steps.slice(index).map((step) => step.day));
      break;
    }
  }
  return result;
}
