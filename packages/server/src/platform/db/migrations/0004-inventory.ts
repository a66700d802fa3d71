import type { Kysely } from 'kysely';

/**
 * The city model. Each service and asset keeps its whole definition (the inventory file shape) as JSON in
 * `definition`, parsed with its zod schema at the repository boundary; the columns beside it are copies of what
 * is filtered or joined on. Dependencies live inside the definition: the graph is always evaluated in memory
 * (impact, enrichment), never by SQL, so a dependency table would only be a second copy to keep in step.
 * The department foreign key makes deleting a department that still owns services or assets a conflict.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id').onDelete('restrict'))
    .addColumn('criticality', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('services_department_id').on('services').columns(['department_id', 'id']).execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id').onDelete('restrict'))
    .addColumn('criticality', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_changed_at', 'text')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_department_id').on('assets').columns(['department_id', 'id']).execute();
  await db.schema.createIndex('assets_status').on('assets').columns(['status', 'id']).execute();

  // Hosts, addresses and device ids seen in events that match no asset: candidates an administrator adopts
  // into the inventory or ignores. One row per identifier; `events` counts sightings.
  await db.schema
    .createTable('asset_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('events', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('asset_id', 'text')
    .addUniqueConstraint('asset_candidates_kind_value', ['kind', 'value'])
    .execute();
  await db.schema
    .createIndex('asset_candidates_status')
    .on('asset_candidates')
    .columns(['status', 'last_seen'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('asset_candidates').execute();
  await db.schema.dropTable('assets').execute();
  await db.schema.dropTable('services').execute();
}
