import type { Queryable } from '../../platform/db/database.ts';
import type { IntelObjectsTable } from '../../platform/db/schema.ts';

export type IntelObjectRow = Omit<IntelObjectsTable, 'added_seq'>;

export async function ensureSource(
  db: Queryable,
  source: { id: string; kind: string; description: string; defaultConfidence: number | null },
  at: string,
): Promise<void> {
  await db
    .insertInto('intel_sources')
    .values({
      id: source.id,
      kind: source.kind,
      description: source.description,
      default_confidence: source.defaultConfidence,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ updated_at: at }))
    .execute();
}

export async function listSources(db: Queryable) {
  return db.selectFrom('intel_sources').selectAll().orderBy('id').execute();
}

/** The stored version (`modified`) of each of these ids, to decide which incoming objects are newer. */
export async function storedVersions(db: Queryable, ids: readonly string[]): Promise<Map<string, string | null>> {
  const versions = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('intel_objects')
      .select(['id', 'modified'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) versions.set(row.id, row.modified);
  }
  return versions;
}

/**
 * Inserts new objects and replaces changed ones. A replaced object is deleted and inserted again so that it
 * gets a new `added_seq`: TAXII clients polling with `added_after` then see the new version.
 */
export async function storeObjects(db: Queryable, rows: readonly IntelObjectRow[], replacing: readonly string[]) {
  for (let i = 0; i < replacing.length; i += 500) {
    await db
      .deleteFrom('intel_objects')
      .where('id', 'in', replacing.slice(i, i + 500))
      .execute();
  }
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('intel_objects')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export interface ObjectQuery {
  sourceIds?: readonly string[];
  afterSeq?: number;
  /** Only objects added after this time (TAXII `added_after`). */
  addedAfter?: string;
  ids?: readonly string[];
  types?: readonly string[];
  limit: number;
}

export async function queryObjects(db: Queryable, query: ObjectQuery) {
  let select = db.selectFrom('intel_objects').selectAll();
  if (query.sourceIds) select = select.where('source_id', 'in', query.sourceIds.length ? [...query.sourceIds] : ['']);
  if (query.afterSeq !== undefined) select = select.where('added_seq', '>', query.afterSeq);
  if (query.addedAfter !== undefined) select = select.where('added_at', '>', query.addedAfter);
  if (query.ids?.length) select = select.where('id', 'in', [...query.ids]);
  if (query.types?.length) select = select.where('type', 'in', [...query.types]);
  return select.orderBy('added_seq').limit(query.limit).execute();
}

/** Objects per type, for the intelligence overview. */
export async function countObjectsByType(db: Queryable): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('intel_objects')
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('type')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}
