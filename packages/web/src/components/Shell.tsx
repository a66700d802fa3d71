import { AREAS, ROLES } from '@citysoc/core';
import { useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useSession } from '../session/session-context.ts';
import { areaPath } from '../areas.ts';
import { NotificationBell } from './NotificationBell.tsx';

/** The frame of every page after login: area navigation on the left, the user and "Log out" on top. */
export function Shell() {
  const { session, logOut } = useSession();
  const [leaving, setLeaving] = useState(false);
  const { user } = session;

  const onLogOut = (): void => {
    setLeaving(true);
    void logOut();
  };

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Areas">
        <div className="brand">
          City<span>SOC</span>
        </div>
        <ul>
          {AREAS.map((area) => (
            <li key={area.id}>
              <NavLink to={areaPath(area.id)} end={area.id === 'overview'} className="nav-link">
                <span>{area.title}</span>
                {!area.built && <span className="nav-tag">not built</span>}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main">
        <header className="topbar">
          <div className="topbar-user">
            <span className="user-name" data-testid="current-user">
              {user.displayName}
            </span>
            <span className="user-role" data-testid="current-role">
              {ROLES[user.role].title}
            </span>
            <span className="user-scope">
              {session.cityWide ? 'City-wide' : `${user.departmentIds.length.toLocaleString()} department(s)`}
            </span>
          </div>
          <NotificationBell />
          <button type="button" className="button-secondary" onClick={onLogOut} disabled={leaving}>
            Log out
          </button>
        </header>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
