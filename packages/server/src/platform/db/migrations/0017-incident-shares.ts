import type { Kysely } from 'kysely';

/**
 * Incidents shared with other departments. An incident belongs to one department, but its cascade often
 * reaches services another department runs (a water-plant outage stops the energy utility's pumps); sharing
 * lets that department's responders see and work the case without making it city-wide.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_shares')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('shared_by', 'text', (c) => c.notNull())
    .addColumn('shared_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_shares_pk', ['incident_id', 'department_id'])
    .execute();
  await db.schema.createIndex('incident_shares_department').on('incident_shares').columns(['department_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_shares').execute();
}
