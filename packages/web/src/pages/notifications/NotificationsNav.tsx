import { NavLink } from 'react-router';

const SECTIONS: readonly { readonly to: string; readonly title: string }[] = [
  { to: '/notifications', title: 'Notifications' },
  { to: '/notifications/preferences', title: 'Preferences' },
];

/** Tabs of the notifications pages. */
export function NotificationsNav() {
  return (
    <nav className="tabs city-tabs" aria-label="Notifications sections">
      {SECTIONS.map((section) => (
        <NavLink key={section.to} to={section.to} end className="tab">
          {section.title}
        </NavLink>
      ))}
    </nav>
  );
}
