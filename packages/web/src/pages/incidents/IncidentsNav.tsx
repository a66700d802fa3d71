import { NavLink } from 'react-router';

/** The Incidents area's sections; other pages of the area add theirs here. */
const SECTIONS: readonly { readonly to: string; readonly title: string }[] = [
  { to: '/incidents', title: 'Queue' },
  { to: '/incidents/teams', title: 'Teams' },
  { to: '/incidents/metrics', title: 'Metrics' },
  { to: '/incidents/reports', title: 'Reports' },
];

export function IncidentsNav() {
  return (
    <nav className="tabs city-tabs" aria-label="Incidents sections">
      {SECTIONS.map((section) => (
        <NavLink key={section.to} to={section.to} end className="tab">
          {section.title}
        </NavLink>
      ))}
    </nav>
  );
}
