import type { Kysely } from 'kysely';

/**
 * Anonymisation jobs run by the server for open-data release: who ran which spec on how many rows of which
 * dataset, the outcome, the report (JSON) and the anonymised CSV kept for download. The input is never stored.
 * Listed per department, newest first, hence the index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('anonymization_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'text')
    .addColumn('department_id', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_in', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('output', 'text')
    .execute();
  await db.schema
    .createIndex('anonymization_jobs_department')
    .on('anonymization_jobs')
    .columns(['department_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('anonymization_jobs').execute();
}
