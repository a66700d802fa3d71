import type { Permission } from '@citysoc/core';
import type { ReactNode } from 'react';
import { useSession } from '../session/session-context.ts';

/**
 * Guards a page or tab reached by typing its address: without the permission the user gets a sentence
 * instead of a page of 403 errors. The server enforces the same rule on every request.
 */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  if (!can(permission)) {
    return <p className="empty-state">Your role does not allow this section ({permission}).</p>;
  }
  return children;
}
