import { Department, type DepartmentScope } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { DepartmentsTable } from '../../platform/db/schema.ts';

function toDepartment(row: DepartmentsTable): Department {
  return Department.parse({
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

export async function listDepartments(db: Queryable, scope: DepartmentScope): Promise<Department[]> {
  const rows = await db
    .selectFrom('departments')
    .selectAll()
    .where((eb) => inDepartmentScope(eb, 'id', scope))
    .orderBy('name')
    .execute();
  return rows.map(toDepartment);
}

export async function countDepartments(db: Queryable, scope: DepartmentScope): Promise<number> {
  const row = await db
    .selectFrom('departments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => inDepartmentScope(eb, 'id', scope))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findDepartment(
  db: Queryable,
  scope: DepartmentScope,
  id: string,
): Promise<Department | undefined> {
  const row = await db
    .selectFrom('departments')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'id', scope))
    .executeTakeFirst();
  return row && toDepartment(row);
}

export async function insertDepartment(db: Queryable, row: DepartmentsTable): Promise<void> {
  await db.insertInto('departments').values(row).execute();
}

export async function updateDepartmentRow(
  db: Queryable,
  id: string,
  changes: Partial<Pick<DepartmentsTable, 'name' | 'description' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('departments').set(changes).where('id', '=', id).execute();
}

export async function deleteDepartmentRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('departments').where('id', '=', id).execute();
}

/** Every department id, city-wide: references in an import may name departments the file does not define. */
export async function allDepartmentIds(db: Queryable): Promise<Set<string>> {
  const rows = await db.selectFrom('departments').select('id').execute();
  return new Set(rows.map((row) => row.id));
}
