import { describe, expect, it } from 'vitest';
import {
  canSeeDepartment,
  NotAllowedError,
  NotFoundError,
  requireDepartment,
  requirePermission,
  ROLES,
  tokenPrincipal,
  userPrincipal,
} from './index.ts';

const user = (role: Parameters<typeof userPrincipal>[0]['role'], departmentIds: string[] = []) =>
  userPrincipal({ id: 'u1', username: 'u', role, departmentIds });

describe('roles', () => {
  it('makes admin, cio and soc_operator city-wide and the rest department-scoped', () => {
    const cityWide = Object.values(ROLES)
      .filter((r) => r.cityWide)
      .map((r) => r.role);
    expect(cityWide.sort()).toEqual(['admin', 'cio', 'soc_operator']);
  });

  it('lets only admins manage users, departments and tokens', () => {
    for (const definition of Object.values(ROLES)) {
      const manages = ['users.manage', 'departments.manage', 'tokens.manage'].some((p) =>
        definition.permissions.includes(p as never),
      );
      expect(manages, definition.role).toBe(definition.role === 'admin');
    }
  });
});

describe('department scope', () => {
  it('gives a scoped user exactly the granted departments', () => {
    const sysadmin = user('sysadmin', ['water']);
    expect(canSeeDepartment(sysadmin, 'water')).toBe(true);
    expect(canSeeDepartment(sysadmin, 'energy')).toBe(false);
  });

  it('hides city-wide objects (no department) from scoped users but not city-wide ones', () => {
    expect(canSeeDepartment(user('auditor', ['water']), null)).toBe(false);
    expect(canSeeDepartment(user('cio'), null)).toBe(true);
  });

  it('ignores grants for city-wide roles: they see every department', () => {
    expect(user('soc_operator', []).departments).toEqual({ all: true });
  });

  it('reports an out-of-scope department as not found, not forbidden', () => {
    expect(() => requireDepartment(user('sysadmin', ['water']), 'energy', 'Asset x')).toThrow(NotFoundError);
  });

  it('scopes a department token to its department and a token without one to the city', () => {
    const scoped = tokenPrincipal({ id: 't', name: 't', scope: 'read', departmentId: 'water' });
    expect(scoped.departments).toEqual({ all: false, ids: ['water'] });
    const cityWide = tokenPrincipal({ id: 't', name: 't', scope: 'ingest', departmentId: null });
    expect(cityWide.departments).toEqual({ all: true });
  });
});

describe('permissions', () => {
  it('refuses an ingest token everything but ingest', () => {
    const ingest = tokenPrincipal({ id: 't', name: 't', scope: 'ingest', departmentId: null });
    expect(() => requirePermission(ingest, 'events.ingest')).not.toThrow();
    expect(() => requirePermission(ingest, 'departments.read')).toThrow(NotAllowedError);
  });

  it('lets auditors read the audit log but not manage users', () => {
    const auditor = user('auditor', ['water']);
    expect(() => requirePermission(auditor, 'audit.read')).not.toThrow();
    expect(() => requirePermission(auditor, 'users.manage')).toThrow(NotAllowedError);
  });
});
