import { type Principal, requirePermission } from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import type { DepartmentsService } from '../departments/index.ts';
import { stixSightingsBundle } from './sighting-export.ts';
import { listSightings } from './sightings.repository.ts';

/** What the sightings list shows: where and how often an indicator was seen, and what the indicator is. */
export interface SightingView {
  id: string;
  indicator_id: string;
  indicator_name: string | null;
  pattern: string;
  confidence: number;
  source_id: string;
  tlp: string | null;
  value: string;
  /** null for events that belonged to no department */
  department_id: string | null;
  first_seen: string;
  last_seen: string;
  count: number;
  last_event_id: string;
}

/** Most sightings one export carries; older ones stay in the store and the list. */
const MAX_EXPORT = 10_000;

/**
 * Sightings of indicators in the city's events (recorded by the indicator detector), listed for operators and
 * exported as STIX 2.1 so they can go back to the community that shared the indicators. Department-scoped:
 * a department sees where its own systems met an indicator, the SOC sees the city.
 */
export function createSightingsService(deps: { store: Store; departments: DepartmentsService; now?: () => Date }) {
  const { store, departments } = deps;
  const now = deps.now ?? (() => new Date());

  const rows = (actor: Principal, limit: number) => {
    requirePermission(actor, 'intel.read');
    return listSightings(store.db, { scope: actor.departments, limit });
  };

  return {
    async list(actor: Principal, limit: number): Promise<SightingView[]> {
      return (await rows(actor, limit)).map((row) => ({
        id: row.id,
        indicator_id: row.indicator_id,
        indicator_name: row.name,
        pattern: row.pattern,
        confidence: row.confidence,
        source_id: row.source_id,
        tlp: row.tlp,
        value: row.value,
        department_id: row.department_id === '*' ? null : row.department_id,
        first_seen: row.first_seen,
        last_seen: row.last_seen,
        count: Number(row.count),
        last_event_id: row.last_event_id,
      }));
    },

    async exportStix(actor: Principal) {
      const sightings = await rows(actor, MAX_EXPORT);
      const names = new Map((await departments.list(actor)).map((d) => [d.id, d.name]));
      return stixSightingsBundle(sightings, { departmentNames: names, now: now() });
    },
  };
}

export type SightingsService = ReturnType<typeof createSightingsService>;
