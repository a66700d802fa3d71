import type { Permission } from '@citysoc/core';

/** A tab of the administration page and the permission that makes it visible. */
export interface AdminSection {
  readonly path: string;
  readonly title: string;
  readonly permission: Permission;
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { path: 'departments', title: 'Departments', permission: 'departments.read' },
  { path: 'users', title: 'Users', permission: 'users.read' },
  { path: 'tokens', title: 'API tokens', permission: 'tokens.manage' },
  { path: 'audit', title: 'Audit log', permission: 'audit.read' },
  { path: 'notifications', title: 'Notification channels', permission: 'notifications.manage' },
];

/**
 * The permissions that make someone an administrator of some kind. `departments.read` is not one: every
 * role holds it, and a role with only that sees the "no administration rights" sentence instead of tabs.
 */
export const ADMINISTRATION_PERMISSIONS: readonly Permission[] = [
  'departments.manage',
  'users.read',
  'users.manage',
  'tokens.manage',
  'audit.read',
  'notifications.manage',
];
