import type { Asset } from '@citysoc/core';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fetchAsset, listServicesOfAsset } from '../../api/city.ts';
import { DetailItem } from '../../components/DetailItem.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useSession } from '../../session/session-context.ts';
import { AssetHistory } from './AssetHistory.tsx';
import { AssetStatusBadge } from './AssetStatusBadge.tsx';
import { CityHeader } from './CityNav.tsx';
import { ContainmentForm } from './ContainmentForm.tsx';
import { assetEventsPath, describeGroup, formatSeconds, graphNodePath } from './inventory-display.ts';

/** Values of a list field, one per line; nothing when the list is empty. */
function Lines({ values, mono = false }: { values: readonly string[]; mono?: boolean }) {
  if (values.length === 0) return null;
  return (
    <ul className={mono ? 'plain-list mono break-anywhere' : 'plain-list break-anywhere'}>
      {values.map((value, index) => (
        <li key={`${index}:${value}`}>{value}</li>
      ))}
    </ul>
  );
}

function metricLines(asset: Asset): string[] {
  return Object.entries(asset.metrics ?? {}).map(([name, range]) => {
    const bounds = [
      range.min === undefined ? null : `min ${range.min}`,
      range.max === undefined ? null : `max ${range.max}`,
    ];
    return `${name}: ${bounds.filter((b) => b !== null).join(', ')}${range.unit === undefined ? '' : ` ${range.unit}`}`;
  });
}

function AssetDefinition({ asset, departmentName }: { asset: Asset; departmentName: (id: string) => string }) {
  const { location } = asset;
  return (
    <dl className="detail-list" aria-label="Definition">
      <DetailItem label="Id">
        <code className="break-anywhere">{asset.id}</code>
      </DetailItem>
      <DetailItem label="Type">{asset.type}</DetailItem>
      <DetailItem label="Department">{departmentName(asset.department)}</DetailItem>
      <DetailItem label="Criticality">{asset.criticality}</DetailItem>
      <DetailItem label="Zone">{asset.zone}</DetailItem>
      <DetailItem label="Location">
        {location === undefined ? null : `${location.site ?? ''} (${location.lat}, ${location.lon})`.trim()}
      </DetailItem>
      <DetailItem label="IP addresses">
        <Lines values={asset.ip} mono />
      </DetailItem>
      <DetailItem label="Host names">
        <Lines values={asset.hostnames} mono />
      </DetailItem>
      <DetailItem label="Device ids">
        <Lines values={asset.device_ids} mono />
      </DetailItem>
      <DetailItem label="Software">
        <Lines values={asset.software} mono />
      </DetailItem>
      <DetailItem label="Reports every">{formatSeconds(asset.report_interval)}</DetailItem>
      <DetailItem label="Metrics">
        <Lines values={metricLines(asset)} />
      </DetailItem>
      <DetailItem label="Depends on">
        <Lines values={asset.depends_on.map(describeGroup)} />
      </DetailItem>
      <DetailItem label="Description">{asset.description}</DetailItem>
      <DetailItem label="Updated">{formatDateTime(asset.updated_at)}</DetailItem>
    </dl>
  );
}

/** /city/assets/:id: an asset's definition, its status, the services it supports, and containment. */
export function AssetDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const departmentName = useDepartmentName();
  const [notice, setNotice] = useState<string | null>(null);
  const loadAsset = useCallback(() => fetchAsset(id), [id]);
  const loadServices = useCallback(() => listServicesOfAsset(id), [id]);
  const asset = useApiData(loadAsset);
  const services = useApiData(loadServices);
  const current = asset.data;

  return (
    <>
      <CityHeader title={current?.name ?? 'Asset'} />
      <ErrorMessage error={asset.error} />
      {notice !== null && (
        <p className="message message-good" role="status" data-testid="asset-notice">
          {notice}
        </p>
      )}
      {current !== undefined && (
        <div className="asset-page" data-testid="asset-detail">
          <section className="panel" aria-labelledby="asset-status-title">
            <h2 id="asset-status-title">Status</h2>
            <p>
              <AssetStatusBadge status={current.status} />{' '}
              {current.status_changed_at === null
                ? 'since it was added'
                : `since ${formatDateTime(current.status_changed_at)}`}
            </p>
            {can('audit.read') ? (
              <AssetHistory assetId={current.id} />
            ) : (
              <p className="muted">Every change of status is in the audit log with who made it and why.</p>
            )}
            {can('assets.contain') && (
              <ContainmentForm
                assetIds={[current.id]}
                nameOf={() => current.name}
                idPrefix="asset-contain"
                onDone={(message) => {
                  setNotice(message);
                  asset.reload();
                }}
              />
            )}
          </section>
          <section className="panel" aria-labelledby="asset-services-title">
            <h2 id="asset-services-title">Services it supports</h2>
            <ErrorMessage error={services.error} />
            {services.data !== undefined &&
              (services.data.length === 0 ? (
                <p className="empty-state">No service depends on this asset.</p>
              ) : (
                <ul className="plain-list" data-testid="asset-services">
                  {services.data.map((service) => (
                    <li key={service.id}>
                      <Link to={graphNodePath('service', service.id)}>{service.name}</Link>{' '}
                      <span className="muted">{departmentName(service.department)}</span>
                    </li>
                  ))}
                </ul>
              ))}
          </section>
          <section className="panel asset-definition" aria-labelledby="asset-definition-title">
            <h2 id="asset-definition-title">Definition</h2>
            <AssetDefinition asset={current} departmentName={departmentName} />
          </section>
          <p className="section-links">
            <Link to={graphNodePath('asset', current.id)}>Show on the dependency graph</Link>
            {can('events.read') && <Link to={assetEventsPath(current.id)}>Events from this asset</Link>}
            <Link to="/city/assets">All assets</Link>
          </p>
        </div>
      )}
    </>
  );
}
