import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';

/** Seq lists longer than this are looked up in several queries (SQLite and PostgreSQL cap bound parameters). */
const LOOKUP_CHUNK = 1000;

/**
 * The newest event time among the events committed up to `throughSeq`, ignoring times after `notAfter` (a
 * device clock set in the future must not pull the window past the events that matter). Null when none.
 */
export async function newestEventTime(db: Queryable, throughSeq: number, notAfter: string): Promise<string | null> {
  const row = await db
    .selectFrom('events')
    .select('ts')
    .where('ts', '<=', notAfter)
    .where('seq', '<=', throughSeq)
    .orderBy('ts', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.ts ?? null;
}

/**
 * The lowest commit sequence of the events whose time is `from` or later, or null when there are none.
 *
 * `min(seq + 0)`, not `min(seq)`: given a bare `min(seq)`, both planners may walk the primary key from seq 1
 * hoping to meet a matching row early, and the rows of a recent window are all at the end of the table. The
 * expression keeps them on the `ts` index, so the cost is the size of the window, not of the store.
 */
export async function firstEventSeqSince(db: Queryable, from: string): Promise<number | null> {
  const row = await db
    .selectFrom('events')
    .select(sql<number | string | null>`min(seq + 0)`.as('seq'))
    .where('ts', '>=', from)
    .executeTakeFirst();
  return row?.seq === null || row?.seq === undefined ? null : Number(row.seq);
}

/**
 * Committed events in `(afterSeq, throughSeq]`, oldest first: a page of a correlation rebuild. The caller
 * skips those older than its window; filtering by `ts` here could lead a planner to sort the whole window for
 * every page instead of reading the primary key in order.
 */
export async function readEventRange(db: Queryable, afterSeq: number, throughSeq: number, limit: number) {
  const rows = await db
    .selectFrom('events')
    .select(['seq', 'id', 'ts', 'document', 'original', 'raw'])
    .where('seq', '>', afterSeq)
    .where('seq', '<=', throughSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

/** Id and department of stored events by commit sequence (events removed by retention are absent). */
export async function eventRefsBySeq(
  db: Queryable,
  seqs: readonly number[],
): Promise<Map<number, { id: string; departmentId: string | null }>> {
  const refs = new Map<number, { id: string; departmentId: string | null }>();
  for (let i = 0; i < seqs.length; i += LOOKUP_CHUNK) {
    const rows = await db
      .selectFrom('events')
      .select(['seq', 'id', 'department_id'])
      .where('seq', 'in', seqs.slice(i, i + LOOKUP_CHUNK))
      .execute();
    for (const row of rows) refs.set(Number(row.seq), { id: row.id, departmentId: row.department_id });
  }
  return refs;
}

/** Alerts of the given rules raised for events of time `from` or later: the event and the alert document. */
export async function alertsOfRulesSince(db: Queryable, ruleIds: readonly string[], from: string) {
  if (ruleIds.length === 0) return [];
  return db
    .selectFrom('alerts')
    .select(['rule_id', 'event_id', 'document'])
    .where('rule_id', 'in', [...ruleIds])
    .where('ts', '>=', from)
    .execute();
}
