import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * The type for raw bytes, the one place this migration differs by engine: SQLite has `blob`, PostgreSQL `bytea`
 * (Kysely passes the name through, and neither engine knows the other's).
 */
function bytesType(db: Kysely<unknown>): 'blob' | 'bytea' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
}

/**
 * Case work on incidents:
 * - `incident_evidence` and `incident_evidence_chunks`: evidence files in the database rather than on disk, so
 *   they work the same on SQLite and PostgreSQL, across cluster nodes, and `citysoc backup` carries them. The
 *   bytes are split in chunks of 256 KiB: a backup reads 500 rows a page, and whole files of 25 MiB a row would
 *   make a page gigabytes.
 * - `incident_sla_breaches`: each SLA clock breach recorded once, so it is announced (timeline, team lead) once;
 *   `notified_at` stays null until the notifier accepted it, and a later check retries.
 * - the personal-data breach clock (GDPR art. 33) and the template type on the incident row;
 * - team leads and on-call rotations.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('chunks', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_evidence_incident').on('incident_evidence').columns(['incident_id']).execute();
  await db.schema
    .createTable('incident_evidence_chunks')
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('incident_evidence.id').onDelete('cascade'))
    .addColumn('chunk', 'integer', (c) => c.notNull())
    .addColumn('data', bytesType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_evidence_chunks_pk', ['evidence_id', 'chunk'])
    .execute();

  await db.schema
    .createTable('incident_sla_breaches')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('notified_at', 'text')
    .addPrimaryKeyConstraint('incident_sla_breaches_pk', ['incident_id', 'target'])
    .execute();

  for (const column of [
    'type',
    'breach_datasets',
    'breach_started_at',
    'breach_notified_at',
    'breach_notified_by',
    'breach_authority',
    'breach_reference',
  ]) {
    await db.schema.alterTable('incidents').addColumn(column, 'text').execute();
  }

  await db.schema.alterTable('teams').addColumn('lead_user_id', 'text').execute();
  await db.schema.alterTable('teams').addColumn('rotation_starts_at', 'text').execute();
  await db.schema.alterTable('teams').addColumn('rotation_shift_hours', 'integer').execute();
  await db.schema
    .createTable('team_rotation')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_rotation_pk', ['team_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('team_rotation').execute();
  for (const column of ['rotation_shift_hours', 'rotation_starts_at', 'lead_user_id']) {
    await db.schema.alterTable('teams').dropColumn(column).execute();
  }
  for (const column of [
    'breach_reference',
    'breach_authority',
    'breach_notified_by',
    'breach_notified_at',
    'breach_started_at',
    'breach_datasets',
    'type',
  ]) {
    await db.schema.alterTable('incidents').dropColumn(column).execute();
  }
  await db.schema.dropTable('incident_sla_breaches').execute();
  await db.schema.dropTable('incident_evidence_chunks').execute();
  await db.schema.dropTable('incident_evidence').execute();
}
