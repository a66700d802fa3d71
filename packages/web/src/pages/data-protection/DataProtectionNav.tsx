import { NavLink } from 'react-router';

const SECTIONS: readonly { readonly to: string; readonly title: string }[] = [
  { to: '/data-protection', title: 'Catalogue' },
  { to: '/data-protection/requests', title: 'Access requests' },
  { to: '/data-protection/grants', title: 'Grants' },
  { to: '/data-protection/backups', title: 'Backups' },
  { to: '/data-protection/anonymization', title: 'Anonymisation' },
];

/** The Data protection area's heading and its sections. */
export function DataProtectionHeader({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <nav className="tabs city-tabs" aria-label="Data protection sections">
        {SECTIONS.map((section) => (
          <NavLink key={section.to} to={section.to} end className="tab">
            {section.title}
          </NavLink>
        ))}
      </nav>
    </>
  );
}
