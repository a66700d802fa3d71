import { sql } from 'kysely';
import { v7 as timeOrderedUuid } from 'uuid';
import type { DepartmentScope } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';

export interface Sighting {
  indicatorId: string;
  value: string;
  /** '*' when the event had no department */
  departmentId: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  lastEventId: string;
}

/** Adds sightings: a known (indicator, value, department) counts up and moves its last-seen time. */
export async function recordSightings(db: Queryable, sightings: readonly Sighting[]): Promise<void> {
  for (let i = 0; i < sightings.length; i += 200) {
    await db
      .insertInto('sightings')
      .values(
        sightings.slice(i, i + 200).map((s) => ({
          id: timeOrderedUuid(),
          indicator_id: s.indicatorId,
          value: s.value,
          department_id: s.departmentId,
          first_seen: s.firstSeen,
          last_seen: s.lastSeen,
          count: s.count,
          last_event_id: s.lastEventId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['indicator_id', 'value', 'department_id']).doUpdateSet({
          last_seen: (eb) => eb.ref('excluded.last_seen'),
          last_event_id: (eb) => eb.ref('excluded.last_event_id'),
          count: sql<number>`sightings.count + excluded.count`,
        }),
      )
      .execute();
  }
}

/** Sightings the scope may see, newest first; department-less sightings ('*') only for city-wide scopes. */
export async function listSightings(db: Queryable, options: { scope: DepartmentScope; limit: number }) {
  return db
    .selectFrom('sightings')
    .innerJoin('indicators', 'indicators.id', 'sightings.indicator_id')
    .select([
      'sightings.id',
      'sightings.indicator_id',
      'sightings.value',
      'sightings.department_id',
      'sightings.first_seen',
      'sightings.last_seen',
      'sightings.count',
      'sightings.last_event_id',
      'indicators.name',
      'indicators.pattern',
      'indicators.source_id',
      'indicators.confidence',
      'indicators.tlp',
    ])
    .where((eb) => inDepartmentScope(eb, 'sightings.department_id', options.scope))
    .orderBy('sightings.last_seen', 'desc')
    .orderBy('sightings.id', 'desc')
    .limit(options.limit)
    .execute();
}

export type SightingRow = Awaited<ReturnType<typeof listSightings>>[number];
