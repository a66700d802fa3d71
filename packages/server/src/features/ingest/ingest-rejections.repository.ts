import type { DepartmentScope } from '@citysoc/core';
import type { Insertable, Selectable } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { IngestRejectionsTable } from '../../platform/db/schema.ts';

export type RejectionRow = Selectable<IngestRejectionsTable>;

export async function insertRejections(
  db: Queryable,
  rows: readonly Insertable<IngestRejectionsTable>[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('ingest_rejections')
      .values([...rows])
      .execute();
}

export async function listRejections(db: Queryable, scope: DepartmentScope, limit: number): Promise<RejectionRow[]> {
  const rows = await db
    .selectFrom('ingest_rejections')
    .selectAll()
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

/** Keeps the newest `keep` rejections: the table is a sample for inspection, the counters are the totals. */
export async function pruneRejections(db: Queryable, keep: number): Promise<void> {
  const newest = await db
    .selectFrom('ingest_rejections')
    .select('seq')
    .orderBy('seq', 'desc')
    .offset(keep)
    .limit(1)
    .executeTakeFirst();
  if (newest) await db.deleteFrom('ingest_rejections').where('seq', '<=', Number(newest.seq)).execute();
}
