import type { Kysely } from 'kysely';

/**
 * Data protection.
 * - `datasets`: the data catalogue; the dataset definition as JSON, with the columns queries filter on.
 * - `dataset_access_requests`: who asked for which fields of a dataset, why and for how long, and the owner's
 *   decision with its reason.
 * - `dataset_grants`: the time-limited access an approval creates; looked up by (subject, dataset) for every
 *   decision the API answers, hence the index.
 * - `backup_reports`: backup jobs and restore tests reported by the systems that run them, per dataset or asset.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('datasets_department').on('datasets').columns(['department_id', 'id']).execute();
  await db.schema.createIndex('datasets_owner').on('datasets').column('owner_user_id').execute();

  await db.schema
    .createTable('dataset_access_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('duration_seconds', 'integer', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('grant_id', 'text')
    .execute();
  await db.schema
    .createIndex('dataset_access_requests_dataset')
    .on('dataset_access_requests')
    .columns(['dataset_id', 'status'])
    .execute();
  await db.schema
    .createIndex('dataset_access_requests_requester')
    .on('dataset_access_requests')
    .column('requested_by_id')
    .execute();

  await db.schema
    .createTable('dataset_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema
    .createIndex('dataset_grants_subject')
    .on('dataset_grants')
    .columns(['subject', 'dataset_id'])
    .execute();
  await db.schema.createIndex('dataset_grants_dataset').on('dataset_grants').column('dataset_id').execute();

  await db.schema
    .createTable('backup_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'double precision')
    .addColumn('duration_seconds', 'double precision')
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backup_reports_target')
    .on('backup_reports')
    .columns(['target_kind', 'target_id', 'kind', 'finished_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['backup_reports', 'dataset_grants', 'dataset_access_requests', 'datasets']) {
    await db.schema.dropTable(table).execute();
  }
}
