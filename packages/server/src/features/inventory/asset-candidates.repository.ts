import type { DepartmentScope } from '@citysoc/core';
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { AssetCandidatesTable } from '../../platform/db/schema.ts';

export interface CandidateSighting {
  kind: string;
  value: string;
  departmentId: string | null;
  source: string;
  firstSeen: string;
  lastSeen: string;
  events: number;
}

/** Adds sightings: new identifiers become candidates, known ones count up and move their last-seen time. */
export async function recordSightings(db: Queryable, sightings: readonly CandidateSighting[]): Promise<void> {
  if (sightings.length === 0) return;
  await db
    .insertInto('asset_candidates')
    .values(
      sightings.map((s) => ({
        id: `${s.kind}:${s.value}`,
        kind: s.kind,
        value: s.value,
        department_id: s.departmentId,
        source: s.source,
        first_seen: s.firstSeen,
        last_seen: s.lastSeen,
        events: s.events,
        status: 'new',
        decided_at: null,
        decided_by: null,
        asset_id: null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['kind', 'value']).doUpdateSet({
        last_seen: (eb) => eb.ref('excluded.last_seen'),
        events: sql<number>`asset_candidates.events + excluded.events`,
      }),
    )
    .execute();
}

export async function listCandidates(
  db: Queryable,
  scope: DepartmentScope,
  status: string,
  limit: number,
): Promise<AssetCandidatesTable[]> {
  return db
    .selectFrom('asset_candidates')
    .selectAll()
    .where('status', '=', status)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .orderBy('last_seen', 'desc')
    .limit(limit)
    .execute();
}

export async function findCandidate(
  db: Queryable,
  scope: DepartmentScope,
  id: string,
): Promise<AssetCandidatesTable | undefined> {
  return db
    .selectFrom('asset_candidates')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
}

export async function decideCandidate(
  db: Queryable,
  id: string,
  decision: { status: 'adopted' | 'ignored'; at: string; by: string; assetId: string | null },
): Promise<void> {
  await db
    .updateTable('asset_candidates')
    .set({ status: decision.status, decided_at: decision.at, decided_by: decision.by, asset_id: decision.assetId })
    .where('id', '=', id)
    .execute();
}
