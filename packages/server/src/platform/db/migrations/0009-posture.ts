import type { Kysely } from 'kysely';
import { addSequenceKey } from './dialect.ts';

/**
 * Security posture.
 * - `posture_observations`: the latest report of each posture metric by each asset (antivirus, hardening score,
 *   backup job, …), kept from device telemetry; one row per (asset, metric), overwritten.
 * - `posture_attestations`: a person stating a control is in place for an asset or a department, until a date.
 * - `posture_results`: the latest evaluation of each control on each target, with since when it has had its
 *   status (how long a gap has been open).
 * - `posture_scores`: score snapshots per scope (the city '*' or a department), for the trend.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('posture_observations')
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('state', 'text')
    .addColumn('value', 'double precision')
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('posture_observations_pk', ['asset_id', 'metric'])
    .execute();

  await db.schema
    .createTable('posture_attestations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('control_id', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('attested_by', 'text', (c) => c.notNull())
    .addColumn('attested_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('posture_attestations_control')
    .on('posture_attestations')
    .columns(['control_id', 'target'])
    .execute();

  await db.schema
    .createTable('posture_results')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('control_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('evaluated_at', 'text', (c) => c.notNull())
    .execute();

  await addSequenceKey(db, db.schema.createTable('posture_scores'), 'seq')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('directions', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('posture_scores_scope').on('posture_scores').columns(['scope', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['posture_scores', 'posture_results', 'posture_attestations', 'posture_observations']) {
    await db.schema.dropTable(table).execute();
  }
}
