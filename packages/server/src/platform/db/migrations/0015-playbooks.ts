import type { Kysely } from 'kysely';

/**
 * Playbook runs and their steps. A run keeps the playbook as it started and the inputs it took from the
 * incident; each step keeps its state, approvals, webhook attempts and result, so a restart resumes where the
 * run stood and the case shows what happened.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('playbook_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('playbook_id', 'text', (c) => c.notNull())
    .addColumn('playbook_version', 'integer', (c) => c.notNull())
    .addColumn('playbook_title', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('trigger_reason', 'text')
    .addColumn('auto_key', 'text', (c) => c.unique())
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_by_id', 'text', (c) => c.notNull())
    .addColumn('starter', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('playbook_runs_incident')
    .on('playbook_runs')
    .columns(['incident_id', 'started_at'])
    .execute();
  await db.schema.createIndex('playbook_runs_state').on('playbook_runs').column('state').execute();
  await db.schema
    .createTable('playbook_run_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('playbook_runs.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('item', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('two_person', 'integer', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('impact', 'text')
    .addColumn('approvals', 'text', (c) => c.notNull())
    .addColumn('response_approval_id', 'text')
    .addColumn('attempts', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('output', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('actor', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('playbook_run_steps_position', ['run_id', 'position'])
    .execute();
  await db.schema
    .createIndex('playbook_run_steps_response_approval')
    .on('playbook_run_steps')
    .column('response_approval_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('playbook_run_steps').execute();
  await db.schema.dropTable('playbook_runs').execute();
}
