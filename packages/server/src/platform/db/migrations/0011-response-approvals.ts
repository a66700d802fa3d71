import type { Kysely } from 'kysely';

/**
 * Response actions waiting for a second person. When the security stance's policies require approval for an
 * action (content/stance `approval_required_for`), asking for it records a pending approval with the cascade
 * impact the requester saw; another person with the same right approves (and the action runs) or denies it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('response_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('target_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('stance_level', 'integer', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema
    .createIndex('response_approvals_state')
    .on('response_approvals')
    .columns(['state', 'requested_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('response_approvals').execute();
}
