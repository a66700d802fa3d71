import type { DepartmentScope } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { ResponseApprovalsTable } from '../../platform/db/schema.ts';

export async function insertApproval(db: Queryable, row: ResponseApprovalsTable): Promise<void> {
  await db.insertInto('response_approvals').values(row).execute();
}

export function findApproval(db: Queryable, scope: DepartmentScope, id: string) {
  return db
    .selectFrom('response_approvals')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
}

export function listApprovals(db: Queryable, scope: DepartmentScope, filter: { state?: string; limit: number }) {
  let query = db
    .selectFrom('response_approvals')
    .selectAll()
    .where((eb) => inDepartmentScope(eb, 'department_id', scope));
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  return query.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Settles a pending approval; false when it was no longer pending (someone else decided first). */
export async function settleApproval(
  db: Queryable,
  id: string,
  change: Pick<ResponseApprovalsTable, 'state' | 'decided_by' | 'decided_at' | 'decision_reason'>,
): Promise<boolean> {
  const result = await db
    .updateTable('response_approvals')
    .set(change)
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks requests older than `before` expired; returns their ids, so that whoever waits on them hears it. */
export async function expireApprovals(db: Queryable, before: string, at: string): Promise<string[]> {
  const rows = await db
    .updateTable('response_approvals')
    .set({ state: 'expired', decided_at: at, decided_by: 'citysoc', decision_reason: 'not decided within 24 hours' })
    .where('state', '=', 'pending')
    .where('requested_at', '<', before)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
