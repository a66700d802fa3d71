import { SYSTEM_PRINCIPAL, type TokenScope } from '@citysoc/core';
import type { Services } from '../main.ts';

/** An `Authorization` header with a fresh API token of the scope, city-wide or for one department. */
export async function bearer(
  services: Pick<Services, 'tokens'>,
  scope: TokenScope,
  departmentId: string | null = null,
): Promise<{ authorization: string }> {
  const { token } = await services.tokens.create(SYSTEM_PRINCIPAL, {
    name: `${scope}-${departmentId ?? 'city'}-${Math.random().toString(36).slice(2, 8)}`,
    scope,
    departmentId,
    expiresInDays: null,
  });
  return { authorization: `Bearer ${token}` };
}
