import { AuditEntry, type DepartmentScope } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { AuditLogTable } from '../../platform/db/schema.ts';

/** Throws when a row was edited into something that is no longer an entry; verification reports that. */
export function rowToEntry(row: AuditLogTable): AuditEntry {
  return AuditEntry.parse({
    seq: row.seq,
    at: row.at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    departmentId: row.department_id,
    beforeDigest: row.before_digest,
    afterDigest: row.after_digest,
    details: JSON.parse(row.details) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  });
}

/**
 * Locks the chain head for the rest of the transaction and returns it. The UPDATE takes the row lock in
 * PostgreSQL and the write lock in SQLite before anything is read, so concurrent appenders (several API
 * nodes, or the CLI beside the server) queue here instead of forking the chain.
 */
export async function lockHead(trx: Queryable, now: string): Promise<{ seq: number; hash: string }> {
  await trx.updateTable('audit_head').set({ updated_at: now }).where('id', '=', 1).execute();
  return readHead(trx);
}

export async function readHead(db: Queryable): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

export async function appendEntries(trx: Queryable, entries: readonly AuditEntry[], now: string): Promise<void> {
  const last = entries.at(-1);
  if (!last) return;
  await trx
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        seq: e.seq,
        at: e.at,
        actor_kind: e.actorKind,
        actor_id: e.actorId,
        actor_name: e.actorName,
        action: e.action,
        target_type: e.targetType,
        target_id: e.targetId,
        department_id: e.departmentId,
        before_digest: e.beforeDigest,
        after_digest: e.afterDigest,
        details: JSON.stringify(e.details),
        prev_hash: e.prevHash,
        hash: e.hash,
      })),
    )
    .execute();
  await trx
    .updateTable('audit_head')
    .set({ seq: last.seq, hash: last.hash, updated_at: now })
    .where('id', '=', 1)
    .execute();
}

/** Newest first, within the caller's departments (entries without a department are city-wide). */
export async function listEntries(
  db: Queryable,
  scope: DepartmentScope,
  options: { limit: number; beforeSeq?: number; target?: { type: string; id: string } },
): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .orderBy('seq', 'desc')
    .limit(options.limit);
  if (options.beforeSeq !== undefined) query = query.where('seq', '<', options.beforeSeq);
  if (options.target !== undefined) {
    query = query.where('target_type', '=', options.target.type).where('target_id', '=', options.target.id);
  }
  return (await query.execute()).map(rowToEntry);
}

export async function countEntries(db: Queryable, scope: DepartmentScope): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every row in seq order, one page at a time, for verification (rows, not entries: they may be corrupt). */
export async function* allRowsInOrder(db: Queryable, pageSize = 1000): AsyncGenerator<AuditLogTable> {
  let afterSeq = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    afterSeq = Number(last.seq);
  }
}
