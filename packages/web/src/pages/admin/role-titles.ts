import { ROLES, type Role } from '@citysoc/core';
import type { RoleInfo } from '@citysoc/core';

/**
 * The role's title as the server describes it (GET /api/roles), or core's table while that loads: both come
 * from the same ROLES constant, the server's answer just wins if a deployment ever differs.
 */
export function roleInfo(roles: readonly RoleInfo[] | undefined, role: Role): RoleInfo {
  return roles?.find((info) => info.role === role) ?? ROLES[role];
}
