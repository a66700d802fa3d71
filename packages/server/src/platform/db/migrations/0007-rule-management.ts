import { type Kysely, sql } from 'kysely';

/**
 * Rules as managed content (detection issue, "In the product"):
 * - `rule_uploads`: Sigma documents uploaded through the API or the CLI, one row per rule, correlation or
 *   filter, stored as the YAML text of that document so a restart parses exactly what was accepted.
 * - `rule_disables`: a rule turned off city-wide (`scope` '*') or for one department (`scope` = its id). Rules are
 *   on by default, so only the exceptions are stored; turning a rule back on deletes the row (the audit log
 *   keeps the history and the reasons).
 * - `rule_revision`: one counter bumped with every change of the two tables above, in the same transaction, so
 *   every detection process (the server, a second `detect` node) notices a change made elsewhere (the CLI)
 *   with one cheap read.
 * - `alerts.service_ids` / `alerts.tactics`: the alert's city services and ATT&CK tactics as `,a,b,` lists,
 *   so the Alerts page filters on them in SQL on both databases (a JSON search would differ by engine and
 *   also match attacker-controlled values elsewhere in the document). Existing alerts are backfilled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rule_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('yaml', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rule_disables')
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('disabled_by', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rule_disables_pk', ['rule_id', 'scope'])
    .execute();

  await db.schema
    .createTable('rule_revision')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into rule_revision (name, revision) values ('rules', 0)`.execute(db);

  await db.schema.alterTable('alerts').addColumn('service_ids', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('tactics', 'text').execute();
  await backfillAlertLabels(db);
}

/** The same derivation as detection's `alertLabels` (alert-labels.ts), kept here so the migration never changes. */
function labelsOf(document: string): { service_ids: string; tactics: string } {
  let parsed: { rule?: { tags?: unknown }; event?: { serviceIds?: unknown } } = {};
  try {
    parsed = JSON.parse(document) as typeof parsed;
  } catch {
    // An unreadable document gets empty lists: it cannot be filtered on, and it is not this migration's to fix.
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const tactics = strings(parsed.rule?.tags)
    .map((t) => t.toLowerCase())
    .filter((t) => /^attack\.[a-z][a-z-]*$/.test(t))
    .map((t) => t.slice('attack.'.length));
  const list = (values: string[]) => `,${[...new Set(values)].join(',')},`;
  return { service_ids: list(strings(parsed.event?.serviceIds)), tactics: list(tactics) };
}

async function backfillAlertLabels(db: Kysely<unknown>): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ id: string; document: string }>`
      select id, document from alerts where service_ids is null order by id limit 1000`.execute(db);
    if (rows.length === 0) return;
    for (const row of rows) {
      const labels = labelsOf(row.document);
      await sql`update alerts set service_ids = ${labels.service_ids}, tactics = ${labels.tactics}
        where id = ${row.id}`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alerts').dropColumn('tactics').execute();
  await db.schema.alterTable('alerts').dropColumn('service_ids').execute();
  await db.schema.dropTable('rule_revision').execute();
  await db.schema.dropTable('rule_disables').execute();
  await db.schema.dropTable('rule_uploads').execute();
}
