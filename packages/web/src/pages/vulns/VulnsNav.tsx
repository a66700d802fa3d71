import { NavLink } from 'react-router';

const SECTIONS: readonly { readonly to: string; readonly title: string }[] = [
  { to: '/vulnerabilities', title: 'Overview' },
  { to: '/vulnerabilities/findings', title: 'Findings' },
];

/** The Vulnerabilities area's heading and its sections. */
export function VulnsHeader({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <nav className="tabs city-tabs" aria-label="Vulnerability sections">
        {SECTIONS.map((section) => (
          <NavLink key={section.to} to={section.to} end className="tab">
            {section.title}
          </NavLink>
        ))}
      </nav>
    </>
  );
}
