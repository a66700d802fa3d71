import { Link } from 'react-router';
import type { VulnsSummary } from '../../api/vulns-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { findingsPath } from './finding-filters.ts';

type DepartmentRow = VulnsSummary['by_department'][number];
type ServiceRow = VulnsSummary['by_service'][number];

/** Highest stake first: P1, then KEV, then open. */
const byStake = <T extends { p1: number; kev: number; open: number }>(a: T, b: T): number =>
  b.p1 - a.p1 || b.kev - a.kev || b.open - a.open;

const count = (n: number, bad = false) => (
  <span className={bad && n > 0 ? 'text-bad' : undefined}>{n.toLocaleString()}</span>
);

/** Open findings per department and per service, each row linking to its findings. */
export function VulnsBreakdowns({ summary }: { summary: VulnsSummary }) {
  const departmentName = useDepartmentName();
  const departmentColumns: readonly Column<DepartmentRow>[] = [
    {
      header: 'Department',
      cell: (row) => (
        <Link to={findingsPath({ department: row.department_id })}>{departmentName(row.department_id)}</Link>
      ),
    },
    { header: 'Open', cell: (row) => count(row.open), className: 'numeric' },
    { header: 'P1', cell: (row) => count(row.p1, true), className: 'numeric' },
    { header: 'KEV', cell: (row) => count(row.kev, true), className: 'numeric' },
    { header: 'Overdue', cell: (row) => count(row.overdue, true), className: 'numeric' },
  ];
  const serviceColumns: readonly Column<ServiceRow>[] = [
    { header: 'Service', cell: (row) => <Link to={findingsPath({ service: row.service_id })}>{row.name}</Link> },
    { header: 'Department', cell: (row) => departmentName(row.department_id) },
    { header: 'Open', cell: (row) => count(row.open), className: 'numeric' },
    { header: 'P1', cell: (row) => count(row.p1, true), className: 'numeric' },
    { header: 'KEV', cell: (row) => count(row.kev, true), className: 'numeric' },
  ];
  return (
    <div className="intel-columns">
      <section className="panel" aria-labelledby="vulns-by-department">
        <h2 id="vulns-by-department">By department</h2>
        {summary.by_department.length === 0 ? (
          <p className="empty-state">No open findings.</p>
        ) : (
          <DataTable
            label="Open findings by department"
            columns={departmentColumns}
            rows={[...summary.by_department].sort(byStake)}
            rowKey={(row) => row.department_id}
            rowTestId="vulns-department-row"
          />
        )}
      </section>
      <section className="panel" aria-labelledby="vulns-by-service">
        <h2 id="vulns-by-service">By service</h2>
        {summary.by_service.length === 0 ? (
          <p className="empty-state">No service depends on an asset with an open finding.</p>
        ) : (
          <DataTable
            label="Open findings by service"
            columns={serviceColumns}
            rows={[...summary.by_service].sort(byStake)}
            rowKey={(row) => row.service_id}
            rowTestId="vulns-service-row"
          />
        )}
      </section>
    </div>
  );
}
