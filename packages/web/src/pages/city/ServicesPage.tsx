import type { Service } from '@citysoc/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { fetchImpactNow, listServices } from '../../api/city.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { CityHeader } from './CityNav.tsx';
import { nodeKey, statesFromImpact } from './city-model.ts';
import { describeGroup, formatSeconds, graphNodePath } from './inventory-display.ts';
import { StateBadge } from './StateBadge.tsx';

const CRITICALITY_RANK: Readonly<Record<Service['criticality'], number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Most critical first, then most residents: the order in which a CIO reads the list. */
function byImportance(a: Service, b: Service): number {
  return CRITICALITY_RANK[a.criticality] - CRITICALITY_RANK[b.criticality] || b.population - a.population;
}

/** /city/services: the services the city runs for its residents, what each depends on, and its state now. */
export function ServicesPage() {
  const services = useApiData(listServices);
  const now = useApiData(fetchImpactNow);
  const departmentName = useDepartmentName();
  const states = useMemo(() => statesFromImpact(now.data), [now.data]);
  const sorted = useMemo(() => [...(services.data ?? [])].sort(byImportance), [services.data]);

  const columns: readonly Column<Service>[] = [
    {
      header: 'Service',
      cell: (service) => (
        <>
          <Link to={graphNodePath('service', service.id)}>{service.name}</Link>
          <div className="muted mono break-anywhere">{service.id}</div>
        </>
      ),
      className: 'alert-title',
    },
    { header: 'Department', cell: (service) => departmentName(service.department) },
    { header: 'Criticality', cell: (service) => service.criticality },
    { header: 'Residents', cell: (service) => service.population.toLocaleString(), className: 'numeric' },
    {
      header: 'Depends on',
      cell: (service) =>
        service.depends_on.length === 0 ? (
          <span className="muted">Nothing</span>
        ) : (
          <ul className="plain-list break-anywhere">
            {service.depends_on.map((group, index) => (
              <li key={index}>{describeGroup(group)}</li>
            ))}
          </ul>
        ),
      className: 'dependencies',
    },
    {
      header: 'RTO / RPO',
      cell: (service) =>
        [formatSeconds(service.rto), formatSeconds(service.rpo)].map((v) => (v === '' ? '—' : v)).join(' / '),
      className: 'nowrap',
    },
    { header: 'Now', cell: (service) => <StateBadge state={states.get(nodeKey('service', service.id)) ?? 'ok'} /> },
  ];

  return (
    <>
      <CityHeader title="Services" />
      <ErrorMessage error={services.error ?? now.error} />
      {services.data === undefined ? (
        services.loading && <p className="empty-state">Loading services…</p>
      ) : sorted.length === 0 ? (
        <p className="empty-state">No services in your departments yet.</p>
      ) : (
        <DataTable
          label="Services"
          columns={columns}
          rows={sorted}
          rowKey={(service) => service.id}
          rowTestId="service-row"
        />
      )}
    </>
  );
}
