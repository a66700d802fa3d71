import type { Queryable } from '../../platform/db/database.ts';
import type {
  PostureAttestationsTable,
  PostureObservationsTable,
  PostureResultsTable,
} from '../../platform/db/schema.ts';

export async function upsertObservations(db: Queryable, rows: readonly PostureObservationsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('posture_observations')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc
          .columns(['asset_id', 'metric'])
          .doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            value: eb.ref('excluded.value'),
            observed_at: eb.ref('excluded.observed_at'),
            event_id: eb.ref('excluded.event_id'),
          }))
          // A late-arriving older report never replaces a newer one.
          .whereRef('posture_observations.observed_at', '<=', 'excluded.observed_at'),
      )
      .execute();
  }
}

export function allObservations(db: Queryable): Promise<PostureObservationsTable[]> {
  return db.selectFrom('posture_observations').selectAll().execute();
}

export async function insertAttestation(db: Queryable, row: PostureAttestationsTable): Promise<void> {
  await db.insertInto('posture_attestations').values(row).execute();
}

/** Attestations still valid at `at`, and those that lapsed (they make a result stale rather than missing). */
export function allAttestations(db: Queryable): Promise<PostureAttestationsTable[]> {
  return db.selectFrom('posture_attestations').selectAll().execute();
}

export function allResults(db: Queryable): Promise<PostureResultsTable[]> {
  return db.selectFrom('posture_results').selectAll().execute();
}

/** Replaces the stored results with this evaluation's (one transaction: readers never see half of it). */
export async function replaceResults(db: Queryable, rows: readonly PostureResultsTable[]): Promise<void> {
  await db.deleteFrom('posture_results').execute();
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('posture_results')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export async function insertScores(
  db: Queryable,
  rows: readonly { scope: string; at: string; score: number | null; directions: string }[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('posture_scores')
      .values([...rows])
      .execute();
}

export async function latestScoreAt(db: Queryable): Promise<string | null> {
  const row = await db.selectFrom('posture_scores').select('at').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.at ?? null;
}

export function scoresSince(db: Queryable, scopes: readonly string[], since: string) {
  return db
    .selectFrom('posture_scores')
    .select(['scope', 'at', 'score', 'directions'])
    .where('scope', 'in', [...scopes])
    .where('at', '>=', since)
    .orderBy('seq')
    .execute();
}
