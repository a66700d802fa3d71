import {
  Asset,
  AssetDefinition,
  type AssetStatus,
  type DepartmentScope,
  Service,
  ServiceDefinition,
} from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { AssetsTable, ServicesTable } from '../../platform/db/schema.ts';

function toService(row: ServicesTable): Service {
  return Service.parse({
    ...ServiceDefinition.parse(JSON.parse(row.definition)),
    created_at: row.created_at,
    updated_at: row.updated_at,
  });
}

function toAsset(row: AssetsTable): Asset {
  return Asset.parse({
    ...AssetDefinition.parse(JSON.parse(row.definition)),
    status: row.status,
    status_changed_at: row.status_changed_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  });
}

export async function listServices(db: Queryable, scope: DepartmentScope): Promise<Service[]> {
  const rows = await db
    .selectFrom('services')
    .selectAll()
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .orderBy('id')
    .execute();
  return rows.map(toService);
}

export async function findService(db: Queryable, scope: DepartmentScope, id: string): Promise<Service | undefined> {
  const row = await db
    .selectFrom('services')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
  return row && toService(row);
}

export async function listAssets(
  db: Queryable,
  scope: DepartmentScope,
  filter: { department?: string; type?: string; status?: string } = {},
): Promise<Asset[]> {
  let query = db
    .selectFrom('assets')
    .selectAll()
    .where((eb) => inDepartmentScope(eb, 'department_id', scope));
  if (filter.department !== undefined) query = query.where('department_id', '=', filter.department);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('id').execute();
  return rows.map(toAsset);
}

export async function findAsset(db: Queryable, scope: DepartmentScope, id: string): Promise<Asset | undefined> {
  const row = await db
    .selectFrom('assets')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
  return row && toAsset(row);
}

/** Inserts or replaces a service's definition, keeping its creation time. */
export async function upsertService(db: Queryable, definition: ServiceDefinition, at: string): Promise<void> {
  const row = {
    name: definition.name,
    department_id: definition.department,
    criticality: definition.criticality,
    definition: JSON.stringify(definition),
    updated_at: at,
  };
  await db
    .insertInto('services')
    .values({ id: definition.id, ...row, created_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/** Inserts or replaces an asset's definition, keeping its creation time and its status. */
export async function upsertAsset(db: Queryable, definition: AssetDefinition, at: string): Promise<void> {
  const row = {
    name: definition.name,
    type: definition.type,
    department_id: definition.department,
    criticality: definition.criticality,
    definition: JSON.stringify(definition),
    updated_at: at,
  };
  await db
    .insertInto('assets')
    .values({ id: definition.id, ...row, status: 'operational', status_changed_at: null, created_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

export async function updateAssetStatus(db: Queryable, id: string, status: AssetStatus, at: string): Promise<void> {
  await db.updateTable('assets').set({ status, status_changed_at: at }).where('id', '=', id).execute();
}

export async function deleteServiceRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('services').where('id', '=', id).execute();
}

export async function deleteAssetRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('assets').where('id', '=', id).execute();
}

/** Ids of every service and asset city-wide: the dependency graph spans departments. */
export async function allInventoryIds(db: Queryable): Promise<{ services: Set<string>; assets: Set<string> }> {
  const [services, assets] = await Promise.all([
    db.selectFrom('services').select('id').execute(),
    db.selectFrom('assets').select('id').execute(),
  ]);
  return { services: new Set(services.map((r) => r.id)), assets: new Set(assets.map((r) => r.id)) };
}
