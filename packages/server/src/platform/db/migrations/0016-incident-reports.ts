import type { Kysely } from 'kysely';

/**
 * Lessons learned from an incident, one text per case, written in the post-incident phase and printed in its
 * report. A table of its own, keyed by the incident, rather than a column on `incidents`: the reports feature
 * owns it, and a case without lessons has no row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_lessons')
    .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_lessons').execute();
}
