import type { DepartmentScope } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { DatasetAccessRequestsTable, DatasetGrantsTable, DatasetsTable } from '../../platform/db/schema.ts';

/**
 * A dataset row with its owner's username and display name (a user can be renamed; the id stays). The display
 * name is as stored, sealed: the service opens it.
 */
export interface DatasetRow extends DatasetsTable {
  owner_username: string | null;
  owner_display_name: string | null;
}

function datasetsWithOwner(db: Queryable) {
  return db
    .selectFrom('datasets')
    .leftJoin('users', 'users.id', 'datasets.owner_user_id')
    .selectAll('datasets')
    .select(['users.username as owner_username', 'users.display_name as owner_display_name']);
}

export async function listDatasets(
  db: Queryable,
  scope: DepartmentScope,
  filter: { department?: string | undefined; classification?: string | undefined; ownerId?: string | undefined },
): Promise<DatasetRow[]> {
  let query = datasetsWithOwner(db).where((eb) => inDepartmentScope(eb, 'datasets.department_id', scope));
  if (filter.department !== undefined) query = query.where('datasets.department_id', '=', filter.department);
  if (filter.classification !== undefined) query = query.where('datasets.classification', '=', filter.classification);
  if (filter.ownerId !== undefined) query = query.where('datasets.owner_user_id', '=', filter.ownerId);
  return query.orderBy('datasets.department_id').orderBy('datasets.id').execute();
}

export function findDataset(db: Queryable, scope: DepartmentScope, id: string): Promise<DatasetRow | undefined> {
  return datasetsWithOwner(db)
    .where('datasets.id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'datasets.department_id', scope))
    .executeTakeFirst();
}

/** Whether the id is taken in any department: ids are unique city-wide. */
export async function datasetExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.selectFrom('datasets').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function insertDataset(db: Queryable, row: DatasetsTable): Promise<void> {
  await db.insertInto('datasets').values(row).execute();
}

export async function updateDataset(db: Queryable, id: string, changes: Partial<DatasetsTable>): Promise<void> {
  await db.updateTable('datasets').set(changes).where('id', '=', id).execute();
}

/** Removes a dataset with its requests, grants and backup reports: nothing may point at a dataset that is gone. */
export async function deleteDataset(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('dataset_grants').where('dataset_id', '=', id).execute();
  await db.deleteFrom('dataset_access_requests').where('dataset_id', '=', id).execute();
  await db.deleteFrom('backup_reports').where('target_kind', '=', 'dataset').where('target_id', '=', id).execute();
  await db.deleteFrom('datasets').where('id', '=', id).execute();
}

/**
 * A person who may own datasets: the users with the `data_owner` role, with their department grants.
 * `display_name` is as stored (sealed); the service opens it.
 */
export interface DataOwner {
  id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  departments: string[];
}

export async function listDataOwners(db: Queryable, username?: string): Promise<DataOwner[]> {
  let query = db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'disabled_at'])
    .where('role', '=', 'data_owner');
  if (username !== undefined) query = query.where('username', '=', username);
  const users = await query.orderBy('username').execute();
  if (users.length === 0) return [];
  const grants = await db
    .selectFrom('user_departments')
    .select(['user_id', 'department_id'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    disabled: u.disabled_at !== null,
    departments: grants.filter((g) => g.user_id === u.id).map((g) => g.department_id),
  }));
}

export interface AccessRequestRow extends DatasetAccessRequestsTable {
  dataset_name: string;
  /** The dataset's definition, for which requested fields are personal. */
  dataset_document: string;
  owner_user_id: string;
}

function requestsWithDataset(db: Queryable) {
  return db
    .selectFrom('dataset_access_requests')
    .innerJoin('datasets', 'datasets.id', 'dataset_access_requests.dataset_id')
    .selectAll('dataset_access_requests')
    .select(['datasets.name as dataset_name', 'datasets.document as dataset_document', 'datasets.owner_user_id']);
}

export async function insertAccessRequest(db: Queryable, row: DatasetAccessRequestsTable): Promise<void> {
  await db.insertInto('dataset_access_requests').values(row).execute();
}

export function findAccessRequest(
  db: Queryable,
  scope: DepartmentScope,
  id: string,
): Promise<AccessRequestRow | undefined> {
  return requestsWithDataset(db)
    .where('dataset_access_requests.id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'dataset_access_requests.department_id', scope))
    .executeTakeFirst();
}

/**
 * Requests within the scope: of the datasets `ownerId` owns (an owner's inbox), or made by `requestedById`
 * (one's own requests), or all of them (an administrator's inbox).
 */
export async function listAccessRequests(
  db: Queryable,
  scope: DepartmentScope,
  filter: {
    status?: string | undefined;
    dataset?: string | undefined;
    ownerId?: string | undefined;
    requestedById?: string | undefined;
    limit: number;
  },
): Promise<AccessRequestRow[]> {
  let query = requestsWithDataset(db).where((eb) =>
    inDepartmentScope(eb, 'dataset_access_requests.department_id', scope),
  );
  if (filter.status !== undefined) query = query.where('dataset_access_requests.status', '=', filter.status);
  if (filter.dataset !== undefined) query = query.where('dataset_access_requests.dataset_id', '=', filter.dataset);
  if (filter.ownerId !== undefined) query = query.where('datasets.owner_user_id', '=', filter.ownerId);
  if (filter.requestedById !== undefined)
    query = query.where('dataset_access_requests.requested_by_id', '=', filter.requestedById);
  return query.orderBy('dataset_access_requests.requested_at', 'desc').limit(filter.limit).execute();
}

export async function updateAccessRequest(
  db: Queryable,
  id: string,
  changes: Partial<DatasetAccessRequestsTable>,
): Promise<void> {
  await db.updateTable('dataset_access_requests').set(changes).where('id', '=', id).execute();
}

export interface GrantRow extends DatasetGrantsTable {
  dataset_name: string;
  owner_user_id: string;
}

function grantsWithDataset(db: Queryable) {
  return db
    .selectFrom('dataset_grants')
    .innerJoin('datasets', 'datasets.id', 'dataset_grants.dataset_id')
    .selectAll('dataset_grants')
    .select(['datasets.name as dataset_name', 'datasets.owner_user_id']);
}

export async function insertGrant(db: Queryable, row: DatasetGrantsTable): Promise<void> {
  await db.insertInto('dataset_grants').values(row).execute();
}

export function findGrant(db: Queryable, scope: DepartmentScope, id: string): Promise<GrantRow | undefined> {
  return grantsWithDataset(db)
    .where('dataset_grants.id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'dataset_grants.department_id', scope))
    .executeTakeFirst();
}

export async function listGrants(
  db: Queryable,
  scope: DepartmentScope,
  filter: { dataset?: string | undefined; subject?: string | undefined; activeAt?: string | undefined; limit: number },
): Promise<GrantRow[]> {
  let query = grantsWithDataset(db).where((eb) => inDepartmentScope(eb, 'dataset_grants.department_id', scope));
  if (filter.dataset !== undefined) query = query.where('dataset_grants.dataset_id', '=', filter.dataset);
  if (filter.subject !== undefined) query = query.where('dataset_grants.subject', '=', filter.subject);
  if (filter.activeAt !== undefined)
    query = query
      .where('dataset_grants.revoked_at', 'is', null)
      .where('dataset_grants.expires_at', '>', filter.activeAt);
  return query.orderBy('dataset_grants.granted_at', 'desc').limit(filter.limit).execute();
}

/** The decision API's lookup: one subject's grants on one dataset, by the (subject, dataset) index. */
export function grantsOfSubject(db: Queryable, subject: string, datasetId: string): Promise<DatasetGrantsTable[]> {
  return db
    .selectFrom('dataset_grants')
    .selectAll()
    .where('subject', '=', subject)
    .where('dataset_id', '=', datasetId)
    .execute();
}

export async function updateGrant(db: Queryable, id: string, changes: Partial<DatasetGrantsTable>): Promise<void> {
  await db.updateTable('dataset_grants').set(changes).where('id', '=', id).execute();
}
