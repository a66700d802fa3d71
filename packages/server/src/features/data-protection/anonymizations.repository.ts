import type { DepartmentScope } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { AnonymizationJobsTable } from '../../platform/db/schema.ts';

/** A job as listed: everything but the spec, report and output, which can be large. */
export type AnonymizationJobRow = Omit<AnonymizationJobsTable, 'spec' | 'report' | 'output'> & { has_output: number };

export async function insertAnonymizationJob(db: Queryable, row: AnonymizationJobsTable): Promise<void> {
  await db.insertInto('anonymization_jobs').values(row).execute();
}

const LISTED = [
  'id',
  'name',
  'dataset_id',
  'department_id',
  'requested_by',
  'requested_by_id',
  'created_at',
  'duration_ms',
  'status',
  'rows_in',
  'summary',
] as const;

function jobsInScope(db: Queryable, scope: DepartmentScope) {
  // A job without a dataset has no department: `in (…)` never matches null, so only city-wide scopes see it.
  return db
    .selectFrom('anonymization_jobs')
    .where((eb) => inDepartmentScope(eb, 'anonymization_jobs.department_id', scope));
}

/** The listed columns, and whether there is an output to download without reading it. */
function listed(db: Queryable, scope: DepartmentScope) {
  return jobsInScope(db, scope)
    .select(LISTED)
    .select((eb) => eb.case().when('output', 'is not', null).then(1).else(0).end().as('has_output'));
}

export async function listAnonymizationJobs(
  db: Queryable,
  scope: DepartmentScope,
  filter: { dataset?: string | undefined; status?: string | undefined; limit: number },
): Promise<AnonymizationJobRow[]> {
  let query = listed(db, scope);
  if (filter.dataset !== undefined) query = query.where('dataset_id', '=', filter.dataset);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export function findAnonymizationJob(
  db: Queryable,
  scope: DepartmentScope,
  id: string,
): Promise<(AnonymizationJobRow & Pick<AnonymizationJobsTable, 'spec' | 'report'>) | undefined> {
  return listed(db, scope).select(['spec', 'report']).where('id', '=', id).executeTakeFirst();
}

export async function findAnonymizationOutput(
  db: Queryable,
  scope: DepartmentScope,
  id: string,
): Promise<{ name: string; output: string | null } | undefined> {
  return jobsInScope(db, scope).select(['name', 'output']).where('id', '=', id).executeTakeFirst();
}
