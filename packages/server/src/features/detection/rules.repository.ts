import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { StoredUpload } from './rule-content.ts';
import type { RuleDisable } from './rule-set.ts';

/** The tables of migration 0007-rule-management, typed beside the only code that reads and writes them. */
type RuleTables = {
  rule_uploads: {
    id: string;
    kind: string;
    yaml: string;
    department_id: string | null;
    uploaded_by: string;
    created_at: string;
    updated_at: string;
  };
  rule_disables: { rule_id: string; scope: string; reason: string; disabled_by: string; disabled_at: string };
  rule_revision: { name: string; revision: number | string | bigint };
};

const tables = (db: Queryable) => db.withTables<RuleTables>();

export type UploadKind = 'rule' | 'correlation' | 'filter';

export interface UploadRow extends StoredUpload {
  readonly kind: UploadKind;
}

const toUpload = (row: RuleTables['rule_uploads']): UploadRow => ({
  id: row.id,
  kind: row.kind as UploadKind,
  yaml: row.yaml,
  department: row.department_id,
  uploadedBy: row.uploaded_by,
});

/** Every uploaded document, oldest first (the order they are compiled in). */
export async function listUploads(db: Queryable): Promise<UploadRow[]> {
  const rows = await tables(db).selectFrom('rule_uploads').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toUpload);
}

export async function findUpload(db: Queryable, id: string): Promise<UploadRow | undefined> {
  const row = await tables(db).selectFrom('rule_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUpload(row);
}

/** Stores an uploaded document, replacing the one with the same id (its creation time is kept). */
export async function upsertUpload(db: Queryable, row: UploadRow, at: string): Promise<void> {
  await tables(db)
    .insertInto('rule_uploads')
    .values({
      id: row.id,
      kind: row.kind,
      yaml: row.yaml,
      department_id: row.department,
      uploaded_by: row.uploadedBy,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        kind: row.kind,
        yaml: row.yaml,
        department_id: row.department,
        uploaded_by: row.uploadedBy,
        updated_at: at,
      }),
    )
    .execute();
}

export async function deleteUpload(db: Queryable, id: string): Promise<void> {
  await tables(db).deleteFrom('rule_uploads').where('id', '=', id).execute();
}

export async function listDisables(db: Queryable): Promise<RuleDisable[]> {
  const rows = await tables(db).selectFrom('rule_disables').select(['rule_id', 'scope', 'reason']).execute();
  return rows.map((row) => ({ ruleId: row.rule_id, scope: row.scope, reason: row.reason }));
}

export async function insertDisable(db: Queryable, disable: RuleDisable & { by: string; at: string }): Promise<void> {
  await tables(db)
    .insertInto('rule_disables')
    .values({
      rule_id: disable.ruleId,
      scope: disable.scope,
      reason: disable.reason,
      disabled_by: disable.by,
      disabled_at: disable.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['rule_id', 'scope'])
        .doUpdateSet({ reason: disable.reason, disabled_by: disable.by, disabled_at: disable.at }),
    )
    .execute();
}

export async function deleteDisable(db: Queryable, ruleId: string, scope: string): Promise<void> {
  await tables(db).deleteFrom('rule_disables').where('rule_id', '=', ruleId).where('scope', '=', scope).execute();
}

/** Every disable of a rule (an uploaded rule being deleted takes its exceptions with it). */
export async function deleteDisablesOf(db: Queryable, ruleId: string): Promise<void> {
  await tables(db).deleteFrom('rule_disables').where('rule_id', '=', ruleId).execute();
}

/** The revision of the rule tables: every change bumps it in its own transaction (see migration 0007). */
export async function readRuleRevision(db: Queryable): Promise<number> {
  const row = await tables(db)
    .selectFrom('rule_revision')
    .select('revision')
    .where('name', '=', 'rules')
    .executeTakeFirst();
  return Number(row?.revision ?? 0);
}

export async function bumpRuleRevision(db: Queryable): Promise<void> {
  await tables(db)
    .updateTable('rule_revision')
    .set({ revision: sql`revision + 1` })
    .where('name', '=', 'rules')
    .execute();
}
