import type { DatasetView } from '@citysoc/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { listDataOwners, listDatasets } from '../../api/data-protection.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import { assetPath, graphNodePath } from '../city/inventory-display.ts';
import { CLASSIFICATION_CLASSES, CLASSIFICATION_TITLES } from './data-protection-display.ts';
import { DatasetForm } from './DatasetForm.tsx';
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

function columns(
  onRequest: (dataset: DatasetView) => void,
  onEdit: ((dataset: DatasetView) => void) | null,
): readonly Column<DatasetView>[] {
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
      cell: (d) => (
        <span className="dataset-actions">
          {d.classification === 'public' ? (
            <span className="muted">No request needed</span>
          ) : (
            <button type="button" className="button-small" onClick={() => onRequest(d)}>
              Request access
            </button>
          )}{' '}
          {onEdit !== null && (
            <button type="button" className="button-small" onClick={() => onEdit(d)} data-testid="dataset-edit">
              Edit
            </button>
          )}
        </span>
      ),
      className: 'nowrap',
    },
  ];
}

/** Which dataset form is open: none, a new dataset, or one being edited. */
type Editing = null | { readonly dataset?: DatasetView };

/**
 * /data-protection: the data catalogue of the user's departments, asking for access to a dataset, and (for
 * those who manage datasets) creating and editing them.
 */
export function CataloguePage() {
  const { can } = useSession();
  const manages = can('datasets.manage');
  const datasets = useApiData(listDatasets);
  const owners = useApiData(manages ? listDataOwners : null);
  const [requesting, setRequesting] = useState<DatasetView | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const edit = (next: Editing) => {
    setNotice(null);
    setRequesting(null);
    setEditing(next);
  };

  return (
    <>
      <DataProtectionHeader title="Data catalogue" />
      <ErrorMessage error={datasets.error ?? owners.error} />
      {manages && editing === null && (
        <p>
          <button type="button" className="button-primary" onClick={() => edit({})} data-testid="dataset-new">
            New dataset
          </button>
        </p>
      )}
      {editing !== null && owners.data !== undefined && owners.data.length === 0 && editing.dataset === undefined && (
        <p className="message message-info">
          No data owner in your departments yet: a dataset needs one. Give someone the data owner role first.
        </p>
      )}
      {editing !== null && owners.data !== undefined && (owners.data.length > 0 || editing.dataset !== undefined) && (
        <DatasetForm
          key={editing.dataset?.id ?? '(new)'}
          owners={owners.data}
          {...(editing.dataset !== undefined && { dataset: editing.dataset })}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setNotice(`${saved.name} ${editing.dataset === undefined ? 'added to' : 'updated in'} the catalogue.`);
            datasets.reload();
          }}
        />
      )}
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
          columns={columns(
            (dataset) => {
              setNotice(null);
              setEditing(null);
              setRequesting(dataset);
            },
            manages ? (dataset) => edit({ dataset }) : null,
          )}
          rows={datasets.data}
          rowKey={(d) => d.id}
          rowTestId="dataset-row"
          busy={datasets.loading}
        />
      )}
    </>
  );
}
