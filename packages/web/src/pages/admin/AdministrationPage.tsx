import { ROLES } from '@citysoc/core';
import { useCallback, useMemo } from 'react';
import { Navigate, NavLink, Outlet, useMatch } from 'react-router';
import { listDepartments } from '../../api/endpoints.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import type { AdminContext } from './admin-context.ts';
import { ADMIN_SECTIONS, ADMINISTRATION_PERMISSIONS } from './admin-sections.ts';

/** /administration: one tab per section the user's permissions allow. */
export function AdministrationPage() {
  const { session, can } = useSession();
  const departments = useApiData(can('departments.read') ? listDepartments : null);
  const sections = ADMIN_SECTIONS.filter((section) => can(section.permission));
  const hasRights = ADMINISTRATION_PERMISSIONS.some((permission) => can(permission));
  const activePath = useMatch('/administration/:section')?.params.section;

  const names = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d.name])), [departments.data]);
  const departmentName = useCallback((id: string) => names.get(id) ?? id, [names]);
  const context: AdminContext = { departments, departmentName };

  if (!hasRights) {
    return (
      <>
        <h1>Administration</h1>
        <p className="empty-state">
          Your role, {ROLES[session.user.role].title}, has no administration rights. An administrator can change your
          role if you need them.
        </p>
      </>
    );
  }

  return (
    <>
      <h1>Administration</h1>
      {/* Tabs that are also links: each section has its own address, and screen readers hear a tab list. */}
      <div className="tabs" role="tablist" aria-label="Administration sections">
        {sections.map((section) => (
          <NavLink
            key={section.path}
            to={section.path}
            id={`admin-tab-${section.path}`}
            role="tab"
            aria-selected={section.path === activePath}
            aria-controls="admin-tabpanel"
            className="tab"
          >
            {section.title}
          </NavLink>
        ))}
      </div>
      <div
        id="admin-tabpanel"
        role="tabpanel"
        aria-labelledby={activePath === undefined ? undefined : `admin-tab-${activePath}`}
      >
        <Outlet context={context} />
      </div>
    </>
  );
}

/** /administration itself opens the first tab the user may see. */
export function AdministrationIndex() {
  const { can } = useSession();
  const first = ADMIN_SECTIONS.find((section) => can(section.permission));
  return first === undefined ? null : <Navigate to={first.path} replace />;
}
