import { ApiToken, type DepartmentScope, TokenScope } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { ApiTokensTable } from '../../platform/db/schema.ts';

function toApiToken(row: ApiTokensTable): ApiToken {
  return ApiToken.parse({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: TokenScope.parse(row.scope),
    departmentId: row.department_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  });
}

export async function insertToken(db: Queryable, row: ApiTokensTable): Promise<ApiToken> {
  await db.insertInto('api_tokens').values(row).execute();
  return toApiToken(row);
}

export async function findTokenByHash(db: Queryable, tokenHash: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row && toApiToken(row);
}

/** A token without a department is city-wide: only city-wide callers see it. */
export async function findToken(db: Queryable, scope: DepartmentScope, id: string): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
  return row && toApiToken(row);
}

export async function listTokens(db: Queryable, scope: DepartmentScope): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toApiToken);
}

export async function countActiveTokens(db: Queryable, scope: DepartmentScope, now: string): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markTokenRevoked(db: Queryable, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
}

export async function markTokenUsed(db: Queryable, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
