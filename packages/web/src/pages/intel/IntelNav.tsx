import type { Permission } from '@citysoc/core';
import { NavLink } from 'react-router';
import { useSession } from '../../session/session-context.ts';

const SECTIONS: readonly { readonly to: string; readonly title: string; readonly permission?: Permission }[] = [
  { to: '/intelligence', title: 'Sources' },
  { to: '/intelligence/indicators', title: 'Indicators' },
  { to: '/intelligence/sightings', title: 'Sightings' },
  // Coverage is about the detection rules, which alerts.read guards.
  { to: '/intelligence/attack', title: 'ATT&CK coverage', permission: 'alerts.read' },
  { to: '/intelligence/blocklists', title: 'Blocklists', permission: 'blocklists.read' },
];

/** The Intelligence area's heading and its sections, each at its own address. */
export function IntelHeader({ title }: { title: string }) {
  const { can } = useSession();
  return (
    <>
      <h1>{title}</h1>
      <nav className="tabs city-tabs" aria-label="Intelligence sections">
        {SECTIONS.filter((section) => section.permission === undefined || can(section.permission)).map((section) => (
          <NavLink key={section.to} to={section.to} end={section.to === '/intelligence'} className="tab">
            {section.title}
          </NavLink>
        ))}
      </nav>
    </>
  );
}
