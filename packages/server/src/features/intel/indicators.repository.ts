import type { Queryable } from '../../platform/db/database.ts';
import type { IndicatorsTable } from '../../platform/db/schema.ts';

/** Inserts or replaces indicators by id (a newer version of an indicator object replaces its row). */
export async function upsertIndicators(db: Queryable, rows: readonly IndicatorsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('indicators')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          source_id: eb.ref('excluded.source_id'),
          name: eb.ref('excluded.name'),
          pattern: eb.ref('excluded.pattern'),
          pattern_type: eb.ref('excluded.pattern_type'),
          not_matchable: eb.ref('excluded.not_matchable'),
          confidence: eb.ref('excluded.confidence'),
          tlp: eb.ref('excluded.tlp'),
          labels: eb.ref('excluded.labels'),
          valid_from: eb.ref('excluded.valid_from'),
          valid_until: eb.ref('excluded.valid_until'),
          suppressed_by: eb.ref('excluded.suppressed_by'),
          revoked_at: eb.ref('excluded.revoked_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Indicators that can match now: matchable, not revoked, not suppressed, valid (decay is applied in memory). */
export async function activeIndicators(db: Queryable, at: string): Promise<IndicatorsTable[]> {
  return db
    .selectFrom('indicators')
    .selectAll()
    .where('not_matchable', 'is', null)
    .where('revoked_at', 'is', null)
    .where('suppressed_by', 'is', null)
    .where('valid_from', '<=', at)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', at)]))
    .execute();
}

export async function listIndicators(
  db: Queryable,
  filter: { source?: string; matchable?: boolean; limit: number; offset: number },
): Promise<IndicatorsTable[]> {
  let query = db.selectFrom('indicators').selectAll();
  if (filter.source !== undefined) query = query.where('source_id', '=', filter.source);
  if (filter.matchable === true) query = query.where('not_matchable', 'is', null);
  if (filter.matchable === false) query = query.where('not_matchable', 'is not', null);
  return query.orderBy('updated_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
}

export async function countIndicators(
  db: Queryable,
): Promise<{ total: number; matchable: number; suppressed: number }> {
  const row = await db
    .selectFrom('indicators')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>('id').filterWhere('not_matchable', 'is', null).as('matchable'),
      eb.fn.count<number>('suppressed_by').as('suppressed'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), matchable: Number(row.matchable), suppressed: Number(row.suppressed) };
}
