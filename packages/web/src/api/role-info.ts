import { Permission, Role, type RoleDefinition } from '@citysoc/core';

/** One entry of GET /api/roles: the server sends core's ROLES table as an array. */
export type RoleInfo = RoleDefinition;

// The server's zod schema for this response lives in its users.routes.ts, not in @citysoc/core, so the
// dashboard checks the shape here, reusing core's Role and Permission enums for the closed fields.
function parseRoleInfo(value: unknown): RoleInfo {
  if (typeof value !== 'object' || value === null) throw new TypeError('role entry is not an object');
  const entry: Record<string, unknown> = { ...value };
  const { title, description, cityWide, permissions } = entry;
  if (typeof title !== 'string' || typeof description !== 'string' || typeof cityWide !== 'boolean') {
    throw new TypeError('role entry lacks title, description or cityWide');
  }
  if (!Array.isArray(permissions)) throw new TypeError('role entry lacks permissions');
  return {
    role: Role.parse(entry['role']),
    title,
    description,
    cityWide,
    permissions: permissions.map((p) => Permission.parse(p)),
  };
}

export function parseRoleInfos(json: unknown): RoleInfo[] {
  if (!Array.isArray(json)) throw new TypeError('roles response is not an array');
  return json.map(parseRoleInfo);
}
