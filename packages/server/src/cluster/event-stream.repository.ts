import type { Queryable } from '../platform/db/database.ts';
import type { EventRow } from '../features/events/index.ts';

/** 14 bound values per row: under SQLite's parameter limit, and small statements for PostgreSQL to plan. */
const ROWS_PER_STATEMENT = 500;

/**
 * Stores events taken from the event stream, skipping those already stored; returns how many were new. The stream delivers at least
 * once (a node that dies after its commit but before its acknowledgement has its batch delivered again), and the
 * event id is unique, so a redelivered event is stored once.
 */
export async function insertStreamedEvents(db: Queryable, rows: readonly EventRow[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const result = await db
      .insertInto('events')
      .values(rows.slice(start, start + ROWS_PER_STATEMENT))
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}
