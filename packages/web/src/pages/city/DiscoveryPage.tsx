import { type AssetCandidate, CandidateStatus } from '@citysoc/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ignoreCandidate, listCandidates } from '../../api/city.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { AdoptForm } from './AdoptForm.tsx';
import { CityHeader } from './CityNav.tsx';
import { assetPath } from './inventory-display.ts';

const STATUS_TITLES: Readonly<Record<CandidateStatus, string>> = { new: 'New', adopted: 'Adopted', ignored: 'Ignored' };

/** Discovery finds new identifiers as events arrive: the lists follow within a minute. */
const DISCOVERY_REFRESH_MS = 60_000;

function loadAll(): Promise<Record<CandidateStatus, AssetCandidate[]>> {
  return Promise.all(CandidateStatus.options.map((status) => listCandidates(status))).then(
    ([fresh = [], adopted = [], ignored = []]) => ({ new: fresh, adopted, ignored }),
  );
}

function Decision({ candidate }: { candidate: AssetCandidate }) {
  if (candidate.status === 'new') return null;
  const by = candidate.decided_by === null ? '' : ` by ${candidate.decided_by}`;
  return (
    <>
      {candidate.asset_id !== null && <Link to={assetPath(candidate.asset_id)}>{candidate.asset_id}</Link>}
      <div className="muted">{`${formatDateTime(candidate.decided_at)}${by}`}</div>
    </>
  );
}

/**
 * /city/discovery: device ids, host names and addresses that events named but no asset matches. An
 * administrator adopts each into the inventory or ignores it; until then it is an unmanaged asset.
 */
export function DiscoveryPage() {
  const { can } = useSession();
  const manage = can('inventory.manage');
  const departmentName = useDepartmentName();
  const [params, setParams] = useSearchParams();
  const status = CandidateStatus.catch('new').parse(params.get('status') ?? 'new');
  const candidates = useApiData(loadAll, DISCOVERY_REFRESH_MS);
  const [adopting, setAdopting] = useState<AssetCandidate | null>(null);
  const [notice, setNotice] = useState<{ text: string; assetId?: string } | null>(null);
  const ignoring = useMutation();
  const shown = candidates.data?.[status] ?? [];

  const onIgnore = async (candidate: AssetCandidate): Promise<void> => {
    const done = await ignoring.run(() => ignoreCandidate(candidate.id));
    if (done === undefined) return;
    setNotice({ text: `“${candidate.value}” is ignored.` });
    candidates.reload();
  };

  const columns: Column<AssetCandidate>[] = [
    {
      header: 'Identifier',
      cell: (c) => (
        <>
          <span className="mono break-anywhere">{c.value}</span> <span className="badge">{c.kind}</span>
        </>
      ),
    },
    { header: 'Department', cell: (c) => (c.department === null ? 'Unknown' : departmentName(c.department)) },
    { header: 'Source', cell: (c) => c.source },
    { header: 'Events', cell: (c) => c.events.toLocaleString(), className: 'numeric' },
    { header: 'First seen', cell: (c) => formatDateTime(c.first_seen), className: 'nowrap' },
    { header: 'Last seen', cell: (c) => formatDateTime(c.last_seen), className: 'nowrap' },
  ];
  if (status !== 'new') columns.push({ header: 'Decision', cell: (c) => <Decision candidate={c} /> });
  if (manage && status === 'new') {
    columns.push({
      header: 'Actions',
      cell: (c) => (
        <div className="form-actions">
          <button type="button" className="button-small button-primary" onClick={() => setAdopting(c)}>
            Adopt
          </button>
          <button type="button" className="button-small" disabled={ignoring.pending} onClick={() => void onIgnore(c)}>
            Ignore
          </button>
        </div>
      ),
    });
  }

  return (
    <>
      <CityHeader title="Discovery" />
      <p className="page-meta">
        Identifiers seen in events that match no asset in the inventory: unmanaged devices until adopted.
      </p>
      <div className="tabs" role="tablist" aria-label="Candidate status">
        {CandidateStatus.options.map((option) => (
          <button
            key={option}
            type="button"
            role="tab"
            aria-selected={option === status}
            className={option === status ? 'tab active' : 'tab'}
            onClick={() => setParams(option === 'new' ? {} : { status: option })}
          >
            {STATUS_TITLES[option]}{' '}
            <span className="badge" data-testid={`candidate-count-${option}`}>
              {candidates.data === undefined ? '…' : candidates.data[option].length.toLocaleString()}
            </span>
          </button>
        ))}
      </div>
      <ErrorMessage error={candidates.error} />
      <ErrorMessage error={ignoring.error} />
      {notice !== null && (
        <p className="message message-good" role="status">
          {notice.text} {notice.assetId !== undefined && <Link to={assetPath(notice.assetId)}>Open the asset</Link>}
        </p>
      )}
      {adopting !== null && (
        <AdoptForm
          key={adopting.id}
          candidate={adopting}
          onCancel={() => setAdopting(null)}
          onAdopted={(asset) => {
            setAdopting(null);
            setNotice({ text: `“${adopting.value}” was adopted as ${asset.name}.`, assetId: asset.id });
            candidates.reload();
          }}
        />
      )}
      {candidates.data === undefined ? (
        candidates.loading && <p className="empty-state">Loading candidates…</p>
      ) : shown.length === 0 ? (
        <p className="empty-state">
          {status === 'new' ? 'Every identifier seen in events matches an asset.' : `No ${status} candidates.`}
        </p>
      ) : (
        <DataTable
          label="Candidates"
          columns={columns}
          rows={shown}
          rowKey={(c) => c.id}
          rowTestId="candidate-row"
          busy={candidates.loading}
        />
      )}
    </>
  );
}
