import type { Kysely } from 'kysely';

/**
 * The whole finding as matched and prioritised (CVSS, KEV, EPSS, the services at stake, the matching CPE rule)
 * beside the columns it is filtered and sorted by, so a finding reads back exactly as it was judged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('vuln_findings')
    .addColumn('document', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('vuln_findings').dropColumn('document').execute();
}
