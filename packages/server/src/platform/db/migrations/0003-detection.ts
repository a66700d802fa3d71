import type { Kysely } from 'kysely';

/**
 * Alerts, and where each detection consumer has read the event store up to. The unique (rule_id, event_id)
 * pair makes alerts idempotent: replaying events after a crash cannot raise the same alert twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_changed_at', 'text')
    .addColumn('status_changed_by', 'text')
    .addColumn('document', 'text', (c) => c.notNull())
    .addUniqueConstraint('alerts_rule_event', ['rule_id', 'event_id'])
    .execute();
  await db.schema.createIndex('alerts_department_id').on('alerts').columns(['department_id', 'id']).execute();
  await db.schema.createIndex('alerts_status_id').on('alerts').columns(['status', 'id']).execute();

  await db.schema
    .createTable('detection_checkpoints')
    .addColumn('consumer', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('detection_checkpoints').execute();
  await db.schema.dropTable('alerts').execute();
}
