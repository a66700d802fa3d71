import { type Asset, AssetStatus } from '@citysoc/core';
import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type AssetCriteria, listAssets } from '../../api/city.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { type AssetFilter, AssetFilterForm, ASSET_FILTER_KEYS } from './AssetFilterForm.tsx';
import { AssetStatusBadge } from './AssetStatusBadge.tsx';
import { CityHeader } from './CityNav.tsx';
import { assetPath } from './inventory-display.ts';

/** The server-side filters; '' (any) is left out, and a status the server does not know is ignored. */
function assetCriteria(department: string, type: string, status: string): AssetCriteria {
  const parsedStatus = AssetStatus.safeParse(status);
  return {
    ...(department === '' ? {} : { department }),
    ...(type === '' ? {} : { type }),
    ...(parsedStatus.success ? { status: parsedStatus.data } : {}),
  };
}

function matchesText(asset: Asset, text: string): boolean {
  const needle = text.trim().toLowerCase();
  return needle === '' || asset.name.toLowerCase().includes(needle) || asset.id.toLowerCase().includes(needle);
}

/** /city/assets: every asset the user may see, filtered by department, type and status. */
export function AssetsPage() {
  const [params, setParams] = useSearchParams();
  // Plain strings from the address: the loader below is re-created only when one of them changes.
  const department = params.get('department') ?? '';
  const type = params.get('type') ?? '';
  const status = params.get('status') ?? '';
  const text = params.get('text') ?? '';
  const departmentName = useDepartmentName();
  const load = useCallback(() => listAssets(assetCriteria(department, type, status)), [department, type, status]);
  const assets = useApiData(load);
  const filter: AssetFilter = { department, type, status, text };
  const shown = (assets.data ?? []).filter((asset) => matchesText(asset, text));

  const onChange = (next: AssetFilter): void => {
    const nextParams = new URLSearchParams();
    for (const key of ASSET_FILTER_KEYS) if (next[key] !== '') nextParams.set(key, next[key]);
    setParams(nextParams, { replace: true });
  };

  const columns: readonly Column<Asset>[] = [
    {
      header: 'Asset',
      cell: (asset) => (
        <>
          <Link to={assetPath(asset.id)}>{asset.name}</Link>
          <div className="muted mono break-anywhere">{asset.id}</div>
        </>
      ),
      className: 'alert-title',
    },
    { header: 'Type', cell: (asset) => asset.type },
    { header: 'Department', cell: (asset) => departmentName(asset.department) },
    { header: 'Zone', cell: (asset) => asset.zone ?? '—' },
    { header: 'Criticality', cell: (asset) => asset.criticality },
    { header: 'Site', cell: (asset) => asset.location?.site ?? '—' },
    { header: 'Status', cell: (asset) => <AssetStatusBadge status={asset.status} /> },
  ];

  return (
    <>
      <CityHeader title="Assets" />
      <AssetFilterForm filter={filter} onChange={onChange} />
      <ErrorMessage error={assets.error} />
      <div className="toolbar">
        <span aria-live="polite" data-testid="asset-count">
          {assets.data === undefined
            ? assets.loading
              ? 'Loading…'
              : ''
            : `${shown.length.toLocaleString()} of ${assets.data.length.toLocaleString()} assets`}
        </span>
      </div>
      {shown.length > 0 ? (
        <DataTable
          label="Assets"
          columns={columns}
          rows={shown}
          rowKey={(asset) => asset.id}
          rowTestId="asset-row"
          busy={assets.loading}
        />
      ) : (
        assets.data !== undefined && <p className="empty-state">No assets match these filters.</p>
      )}
    </>
  );
}
