import type { DatasetView } from '@citysoc/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { listDatasets } from '../../api/data-protection.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { assetPath, graphNodePath } from '../city/inventory-display.ts';
import { CLASSIFICATION_CLASSES, CLASSIFICATION_TITLES } from './data-protection-display.ts';
import { DataProtectionHeader } from './DataProtectionNav.tsx';
import { RequestAccessForm } from './RequestAccessForm.tsx';

function AssetLinks({ ids }: { ids: readonly string[] }) {
  if (ids.length === 0) return <span className="muted">—</span>;
  return (
    <span className="dataset-links">
      {ids.map((id) => (
        <Link key={id} to={assetPath(id)} className="mono">
          {id}
        </Link>
      ))}
    </span>
  );
}

function columns(onRequest: (dataset: DatasetView) => void): readonly Column<DatasetView>[] {
  return [
    {
      header: 'Dataset',
      cell: (d) => (
        <span>
          <strong data-testid="dataset-name">{d.name}</strong> <span className="muted mono">{d.id}</span>
          {d.description !== '' && <span className="dataset-description">{d.description}</span>}
        </span>
      ),
    },
    {
      header: 'Classification',
      cell: (d) => (
        <span className={CLASSIFICATION_CLASSES[d.classification]}>{CLASSIFICATION_TITLES[d.classification]}</span>
      ),
      className: 'nowrap',
    },
    { header: 'Owner', cell: (d) => <span title={d.owner}>{d.owner_name}</span> },
    { header: 'Department', cell: (d) => d.department, className: 'mono' },
    { header: 'Stored on', cell: (d) => <AssetLinks ids={d.stored_on} /> },
    { header: 'Processed by', cell: (d) => <AssetLinks ids={d.processed_by} /> },
    {
      header: 'Services',
      cell: (d) =>
        d.services.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <span className="dataset-links">
            {d.services.map((id) => (
              <Link key={id} to={graphNodePath('service', id)} className="mono">
                {id}
              </Link>
            ))}
          </span>
        ),
    },
    {
      header: 'Fields',
      cell: (d) =>
        d.fields.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <span className="dataset-fields">
            {d.fields.map((f) => (
              <span
                key={f.name}
                className={f.personal ? 'chip chip-personal' : 'chip'}
                title={f.special_category ? 'special-category personal data' : f.personal ? 'personal data' : undefined}
              >
                {f.name}
              </span>
            ))}
          </span>
        ),
    },
    {
      header: 'Legal basis · retention',
      cell: (d) => (
        <span>
          {d.legal_basis === undefined ? '—' : d.legal_basis.basis.replaceAll('_', ' ')}
          {d.legal_basis?.special_condition !== undefined &&
            ` + ${d.legal_basis.special_condition.replaceAll('_', ' ')}`}
          {d.retention !== undefined && <span className="muted"> · kept {d.retention}</span>}
          {d.open_data && <span className="badge badge-good">open data</span>}
        </span>
      ),
    },
    {
      header: '',
      cell: (d) =>
        d.classification === 'public' ? (
          <span className="muted">No request needed</span>
        ) : (
          <button type="button" className="button-small" onClick={() => onRequest(d)}>
            Request access
          </button>
        ),
      className: 'nowrap',
    },
  ];
}

/** /data-protection: the data catalogue of the user's departments, and asking for access to a dataset. */
export function CataloguePage() {
  const datasets = useApiData(listDatasets);
  const [requesting, setRequesting] = useState<DatasetView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <>
      <DataProtectionHeader title="Data catalogue" />
      <ErrorMessage error={datasets.error} />
      {notice !== null && (
        <p className="message message-good" role="status">
          {notice}
        </p>
      )}
      {requesting !== null && (
        <RequestAccessForm
          key={requesting.id}
          dataset={requesting}
          onClose={() => setRequesting(null)}
          onRequested={(request) => {
            setRequesting(null);
            setNotice(`Access to ${request.dataset_name} requested; its owner decides.`);
          }}
        />
      )}
      {datasets.data !== undefined && datasets.data.length === 0 && (
        <p className="empty-state">No datasets are catalogued in your departments yet.</p>
      )}
      {datasets.data !== undefined && datasets.data.length > 0 && (
        <DataTable
          label="Datasets"
          columns={columns((dataset) => {
            setNotice(null);
            setRequesting(dataset);
          })}
          rows={datasets.data}
          rowKey={(d) => d.id}
          rowTestId="dataset-row"
          busy={datasets.loading}
        />
      )}
    </>
  );
}
