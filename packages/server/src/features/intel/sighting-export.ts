import { TLP2_MARKING_IDS, type TlpName } from '@citysoc/core';
import { v5 as uuidv5 } from 'uuid';
import type { SightingRow } from './sightings.repository.ts';

/** Namespace for the ids of exported sightings and identities: the same sighting keeps its id across exports. */
const EXPORT_NAMESPACE = 'c2b7f3d4-1e5a-4f6b-8d9c-0a1b2c3d4e5f';

const STRICTNESS: readonly TlpName[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/**
 * A sighting tells a peer where in the city an indicator was seen, so it is at least TLP:AMBER whatever the
 * indicator was marked: the indicator may be public, the fact that it hit the water utility is not.
 */
function sightingTlp(indicatorTlp: string | null): TlpName {
  const own = STRICTNESS.indexOf((indicatorTlp ?? 'clear') as TlpName);
  return STRICTNESS[Math.max(own, STRICTNESS.indexOf('amber'))] as TlpName;
}

function identityId(departmentId: string | null): string {
  return `identity--${uuidv5(departmentId === null ? 'city' : `department:${departmentId}`, EXPORT_NAMESPACE)}`;
}

export interface SightingExportContext {
  /** Department names by id, for the identities the sightings point at. */
  departmentNames: ReadonlyMap<string, string>;
  now: Date;
}

/**
 * The city's sightings as a STIX 2.1 bundle: one `sighting` per (indicator, value, department) with its count and
 * first/last seen, `where_sighted_refs` naming the department (or the city for events without one) as an
 * identity, and the value that matched kept in `x_citysoc_value` so a peer can act on it. The indicators
 * themselves are not repeated: peers already hold them (that is how they were shared) or fetch them by id.
 */
export function stixSightingsBundle(rows: readonly SightingRow[], context: SightingExportContext) {
  const created = context.now.toISOString();
  const identities = new Map<string, Record<string, unknown>>();
  const identity = (departmentId: string | null): string => {
    const id = identityId(departmentId);
    if (!identities.has(id)) {
      identities.set(id, {
        type: 'identity',
        spec_version: '2.1',
        id,
        created,
        modified: created,
        name:
          departmentId === null ? 'City' : (context.departmentNames.get(departmentId) ?? `Department ${departmentId}`),
        identity_class: 'organization',
        sectors: ['government-local'],
      });
    }
    return id;
  };
  const sightings = rows.map((row) => {
    const department = row.department_id === '*' ? null : row.department_id;
    return {
      type: 'sighting',
      spec_version: '2.1',
      id: `sighting--${uuidv5(`${row.indicator_id}|${row.value}|${row.department_id ?? '*'}`, EXPORT_NAMESPACE)}`,
      created: row.first_seen,
      modified: row.last_seen,
      first_seen: row.first_seen,
      last_seen: row.last_seen,
      count: Math.min(Number(row.count), 999_999_999),
      sighting_of_ref: row.indicator_id,
      where_sighted_refs: [identity(department)],
      object_marking_refs: [TLP2_MARKING_IDS[sightingTlp(row.tlp)]],
      x_citysoc_value: row.value,
    };
  });
  return {
    type: 'bundle',
    id: `bundle--${uuidv5(`sightings|${created}`, EXPORT_NAMESPACE)}`,
    objects: [...identities.values(), ...sightings],
  };
}
