import type { Kysely } from 'kysely';
import { addSequenceKey } from './dialect.ts';

/**
 * The event store and the record of rejected input. `seq` is the commit order (detection and other
 * consumers checkpoint on it); `id` is the event's stable identity (alerts deduplicate on it); `ts` is the
 * event's own time. The indexed columns are copies of ECS fields people search by most.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await addSequenceKey(db, db.schema.createTable('events'), 'seq')
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('ingested', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('category', 'text')
    .addColumn('host_name', 'text')
    .addColumn('source_ip', 'text')
    .addColumn('destination_ip', 'text')
    .addColumn('user_name', 'text')
    .addColumn('asset_id', 'text')
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('original', 'text')
    // Null when the raw text is the JSON in `original` (stored once, exact bytes): see toRow in ingest.
    .addColumn('raw', 'text')
    .execute();
  for (const column of ['ts', 'host_name', 'source_ip', 'destination_ip', 'user_name', 'asset_id']) {
    await db.schema.createIndex(`events_${column}`).on('events').columns([column, 'ts']).execute();
  }
  await db.schema.createIndex('events_source_ts').on('events').columns(['source', 'ts']).execute();
  await db.schema.createIndex('events_department_ts').on('events').columns(['department_id', 'ts']).execute();

  await addSequenceKey(db, db.schema.createTable('ingest_rejections'), 'seq')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('department_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('sample', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ingest_rejections_at').on('ingest_rejections').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ingest_rejections').execute();
  await db.schema.dropTable('events').execute();
}
