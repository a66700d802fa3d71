import type { Kysely } from 'kysely';
import { addSequenceKey } from './dialect.ts';

/**
 * Threat and vulnerability intelligence, and the security stance.
 * - `intel_objects` keeps every STIX object imported (any SDO, SCO or SRO, 2.0 or 2.1) once per id, the newest
 *   `modified` winning; `added_seq` orders them for TAXII's `added_after` and paging.
 * - `indicators` are the matchable view of indicator objects (and MISP attributes): the compiled pattern lives in
 *   memory, this row says what it is, where it came from, how much to trust it and whether it can match at all.
 * - `sightings` count where indicators were seen in the city's events.
 * - `vulnerabilities` merge what KEV, CVE 5, NVD and EPSS say about one CVE; `vuln_findings` are matches
 *   against the inventory, with their lifecycle.
 * - `stance_changes` is the history of the security stance, city-wide (`scope` '*') and per department.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intel_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('default_confidence', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await addSequenceKey(db, db.schema.createTable('intel_objects'), 'added_seq')
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('spec_version', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('modified', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('intel_objects_type').on('intel_objects').columns(['type', 'added_seq']).execute();
  await db.schema.createIndex('intel_objects_source').on('intel_objects').columns(['source_id', 'added_seq']).execute();

  // Remote TAXII collections this city polls. The token is the remote server's credential: it is never
  // returned by the API, only used to poll.
  await db.schema
    .createTable('taxii_feeds')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('api_root', 'text', (c) => c.notNull())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text')
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('confidence', 'integer')
    .addColumn('added_after', 'text')
    .addColumn('last_polled_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('pattern_type', 'text', (c) => c.notNull())
    .addColumn('not_matchable', 'text')
    .addColumn('confidence', 'integer', (c) => c.notNull())
    .addColumn('tlp', 'text')
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('suppressed_by', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('indicators_source').on('indicators').columns(['source_id', 'id']).execute();

  await db.schema
    .createTable('sightings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('indicator_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('last_event_id', 'text', (c) => c.notNull())
    .addUniqueConstraint('sightings_indicator_value_department', ['indicator_id', 'value', 'department_id'])
    .execute();
  await db.schema.createIndex('sightings_last_seen').on('sightings').columns(['last_seen']).execute();

  await db.schema
    .createTable('vulnerabilities')
    .addColumn('cve', 'text', (c) => c.primaryKey())
    .addColumn('published', 'text')
    .addColumn('cvss', 'real')
    .addColumn('kev_added', 'text')
    .addColumn('kev_due', 'text')
    .addColumn('epss', 'real')
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('vuln_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('cve', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('ssvc', 'text', (c) => c.notNull())
    .addColumn('due', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('accepted_until', 'text')
    .addUniqueConstraint('vuln_findings_asset_cve', ['asset_id', 'cve'])
    .execute();
  await db.schema
    .createIndex('vuln_findings_department')
    .on('vuln_findings')
    .columns(['department_id', 'status', 'score'])
    .execute();

  await addSequenceKey(db, db.schema.createTable('stance_changes'), 'seq')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('computed_level', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('override_by', 'text')
    .addColumn('override_until', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stance_changes_scope').on('stance_changes').columns(['scope', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'stance_changes',
    'vuln_findings',
    'vulnerabilities',
    'sightings',
    'indicators',
    'taxii_feeds',
    'intel_objects',
    'intel_sources',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
