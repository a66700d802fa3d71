import { NavLink } from 'react-router';

const SECTIONS: readonly { readonly to: string; readonly title: string }[] = [
  { to: '/city', title: 'Dependencies' },
  { to: '/city/assets', title: 'Assets' },
  { to: '/city/services', title: 'Services' },
  { to: '/city/discovery', title: 'Discovery' },
  { to: '/city/approvals', title: 'Approvals' },
  { to: '/city/import', title: 'Import and export' },
];

/** The City area's heading and its sections, each at its own address (an asset's page is under Assets). */
export function CityHeader({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <nav className="tabs city-tabs" aria-label="City sections">
        {SECTIONS.map((section) => (
          <NavLink key={section.to} to={section.to} end={section.to === '/city'} className="tab">
            {section.title}
          </NavLink>
        ))}
      </nav>
    </>
  );
}
