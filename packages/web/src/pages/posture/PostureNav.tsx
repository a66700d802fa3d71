import { NavLink } from 'react-router';
import { postureCsvPath, posturePdfPath } from '../../api/posture.ts';

const SECTIONS: readonly { readonly to: string; readonly title: string }[] = [
  { to: '/posture', title: 'Overview' },
  { to: '/posture/gaps', title: 'Gaps' },
  { to: '/posture/controls', title: 'Controls' },
];

/** The Posture area's heading and its sections. */
export function PostureHeader({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <nav className="tabs city-tabs" aria-label="Posture sections">
        {SECTIONS.map((section) => (
          <NavLink key={section.to} to={section.to} end className="tab">
            {section.title}
          </NavLink>
        ))}
      </nav>
    </>
  );
}

/**
 * The auditors' downloads, for the user's departments or one of them. The server builds the files, with the
 * same department scoping as the page.
 */
export function PostureExports({ department }: { department?: string }) {
  const scoped = department !== undefined && department !== '';
  return (
    <p className="posture-exports" data-testid="posture-exports">
      <span className="muted">For auditors{scoped ? ' (this department)' : ''}:</span>
      <a href={postureCsvPath(department)} download data-testid="posture-export-csv">
        Gaps (CSV)
      </a>
      <a href={postureCsvPath(department, 'all')} download data-testid="posture-export-csv-all">
        All results (CSV)
      </a>
      <a href={posturePdfPath(department)} download data-testid="posture-export-pdf">
        Report (PDF)
      </a>
    </p>
  );
}
