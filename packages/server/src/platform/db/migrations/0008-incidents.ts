import { type Kysely, sql } from 'kysely';
import { addSequenceKey } from './dialect.ts';

/**
 * Incidents (cases) and what hangs off them. Lists (affected assets and services, ATT&CK techniques, the status
 * history the SLA clocks are computed from) are JSON text on the incident row: they are read with it and
 * never filtered on in SQL. What the grouping looks up by value has a table of its own:
 * - `incident_entities`: the hosts, users, addresses, devices, assets and services of each incident's alerts,
 *   with when each was last seen, indexed by (kind, value) so a new alert finds its open incidents directly.
 * - `incident_alerts`: an alert belongs to at most one incident (primary key), with the reason it was linked
 *   and a copy of what the case view lists, so the case does not depend on the alert store's retention.
 * - `incident_checkpoints`: the last alert id (time-ordered) the grouping consumer has processed.
 * `number` is assigned max+1 inside the audited transaction, which the audit head lock serialises.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('departments.id').onDelete('restrict'))
    .addColumn('on_call_user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('departments.id').onDelete('restrict'))
    .addColumn('assignee_id', 'text')
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('service_criticality', 'text', (c) => c.notNull())
    .addColumn('sla_factor', 'double precision', (c) => c.notNull())
    .addColumn('asset_ids', 'text', (c) => c.notNull())
    .addColumn('service_ids', 'text', (c) => c.notNull())
    .addColumn('techniques', 'text', (c) => c.notNull())
    .addColumn('status_history', 'text', (c) => c.notNull())
    .addColumn('resolution_kind', 'text')
    .addColumn('resolution_summary', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('incidents_department').on('incidents').columns(['department_id', 'status']).execute();
  await db.schema.createIndex('incidents_status').on('incidents').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('incident_alerts')
    .addColumn('alert_id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('alert_ts', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_alerts_incident').on('incident_alerts').columns(['incident_id']).execute();

  await db.schema
    .createTable('incident_entities')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_entities_pk', ['incident_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('incident_entities_value').on('incident_entities').columns(['kind', 'value']).execute();

  await db.schema
    .createTable('incident_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('due', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_tasks_incident').on('incident_tasks').columns(['incident_id']).execute();

  await db.schema
    .createTable('incident_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_comments_incident').on('incident_comments').columns(['incident_id']).execute();

  await db.schema
    .createTable('incident_observables')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('pap', 'text', (c) => c.notNull())
    .addColumn('blocklisted_at', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_observables_incident')
    .on('incident_observables')
    .columns(['incident_id'])
    .execute();

  await addSequenceKey(db, db.schema.createTable('incident_timeline'), 'seq')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_timeline_incident')
    .on('incident_timeline')
    .columns(['incident_id', 'seq'])
    .execute();

  await db.schema
    .createTable('incident_checkpoints')
    .addColumn('consumer', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // An upgraded database starts grouping after the alerts it already has: months of history must not open a
  // flood of incidents. A fresh database has no alerts, so the grouping sees every alert from the first.
  await sql`insert into incident_checkpoints (consumer, alert_id, updated_at)
    select 'grouping', coalesce(max(id), ''), '' from alerts`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'incident_checkpoints',
    'incident_timeline',
    'incident_observables',
    'incident_comments',
    'incident_tasks',
    'incident_entities',
    'incident_alerts',
    'incidents',
    'team_members',
    'teams',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
