import { type DepartmentScope, Role, User } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { UsersTable } from '../../platform/db/schema.ts';
import type { PersonalFields } from './personal-fields.ts';

export interface StoredUser extends User {
  passwordHash: string;
}

async function grantsOf(db: Queryable, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const grants = new Map<string, string[]>();
  if (userIds.length === 0) return grants;
  const rows = await db
    .selectFrom('user_departments')
    .select(['user_id', 'department_id'])
    .where('user_id', 'in', [...userIds])
    .orderBy('department_id')
    .execute();
  for (const row of rows) {
    const list = grants.get(row.user_id) ?? [];
    list.push(row.department_id);
    grants.set(row.user_id, list);
  }
  return grants;
}

function toUser(row: UsersTable, departmentIds: string[], fields: PersonalFields): StoredUser {
  return {
    ...User.parse({
      id: row.id,
      username: row.username,
      displayName: fields.openDisplayName(row.id, row.display_name, row.username),
      role: Role.parse(row.role),
      departmentIds,
      disabled: row.disabled_at !== null,
      createdAt: row.created_at,
      lastLoginAt: row.last_login_at,
    }),
    passwordHash: row.password_hash,
  };
}

async function withGrants(db: Queryable, rows: UsersTable[], fields: PersonalFields): Promise<StoredUser[]> {
  const grants = await grantsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toUser(row, grants.get(row.id) ?? [], fields));
}

/** By username, which stays in plaintext for this lookup: it is the login identifier, not a personal name. */
export async function findUserByUsername(
  db: Queryable,
  username: string,
  fields: PersonalFields,
): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? (await withGrants(db, [row], fields))[0] : undefined;
}

export async function findUserById(db: Queryable, id: string, fields: PersonalFields): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withGrants(db, [row], fields))[0] : undefined;
}

/**
 * Users visible within a department scope: all of them for a city-wide caller, otherwise those holding a
 * grant in one of the caller's departments.
 */
function visibleUsers(db: Queryable, scope: DepartmentScope) {
  const query = db.selectFrom('users');
  if (scope.all) return query;
  return query.where('id', 'in', (eb) =>
    eb
      .selectFrom('user_departments')
      .select('user_id')
      .where((inner) => inDepartmentScope(inner, 'department_id', scope)),
  );
}

/** Ordered by username: display names are sealed, so any ordering or search by them happens in memory. */
export async function listUsers(db: Queryable, scope: DepartmentScope, fields: PersonalFields): Promise<StoredUser[]> {
  return withGrants(db, await visibleUsers(db, scope).selectAll().orderBy('username').execute(), fields);
}

export async function countUsers(db: Queryable, scope: DepartmentScope): Promise<number> {
  const row = await visibleUsers(db, scope)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts a user with `row.display_name` in plaintext; it is sealed here. */
export async function insertUser(
  db: Queryable,
  row: UsersTable,
  departmentIds: readonly string[],
  fields: PersonalFields,
): Promise<void> {
  await db
    .insertInto('users')
    .values({ ...row, display_name: fields.sealDisplayName(row.id, row.display_name) })
    .execute();
  await replaceGrants(db, row.id, departmentIds);
}

export async function updateUserRow(
  db: Queryable,
  id: string,
  changes: Partial<Omit<UsersTable, 'id' | 'created_at'>>,
  fields: PersonalFields,
): Promise<void> {
  const sealed =
    changes.display_name === undefined
      ? changes
      : { ...changes, display_name: fields.sealDisplayName(id, changes.display_name) };
  await db.updateTable('users').set(sealed).where('id', '=', id).execute();
}

export async function replaceGrants(db: Queryable, userId: string, departmentIds: readonly string[]): Promise<void> {
  await db.deleteFrom('user_departments').where('user_id', '=', userId).execute();
  const unique = [...new Set(departmentIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('user_departments')
    .values(unique.map((department_id) => ({ user_id: userId, department_id })))
    .execute();
}

export async function countAdmins(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Seals display names stored in plaintext (by a version before sealing, or restored from such a backup); returns
 * how many. The update only applies while the value is still the plaintext read, so a concurrent rename wins.
 */
export async function sealPlaintextDisplayNames(db: Queryable, fields: PersonalFields): Promise<number> {
  const plain = (await db.selectFrom('users').select(['id', 'display_name']).execute()).filter(
    (row) => !fields.isSealed(row.display_name),
  );
  for (const row of plain) {
    await db
      .updateTable('users')
      .set({ display_name: fields.sealDisplayName(row.id, row.display_name) })
      .where('id', '=', row.id)
      .where('display_name', '=', row.display_name)
      .execute();
  }
  return plain.length;
}
