import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { fetchControlSummary, listControls } from '../../api/posture.ts';
import type { ControlSummary, PostureControl } from '../../api/posture-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField } from '../../components/FormField.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useLive } from '../../hooks/use-live.ts';
import { gapsPath } from './gap-filters.ts';
import { DIRECTION_TITLES, DIRECTIONS, evidenceText, FRAMEWORKS, scopeText } from './posture-display.ts';
import { PostureHeader } from './PostureNav.tsx';

type Row = PostureControl & { readonly summary: ControlSummary | undefined };

function References({ control }: { control: PostureControl }) {
  const present = FRAMEWORKS.filter((f) => control.references[f.key].length > 0);
  if (present.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="posture-references">
      {present.map((f) => (
        <div key={f.key}>
          <dt>{f.title}</dt>
          <dd>{control.references[f.key].join(', ')}</dd>
        </div>
      ))}
    </dl>
  );
}

function Targets({ row }: { row: Row }) {
  const s = row.summary;
  if (s === undefined) return <span className="muted">…</span>;
  if (s.total === 0) return <span className="muted">applies to none</span>;
  const failing = s.fail + s.stale + s.missing;
  return (
    <span data-testid="control-targets">
      {s.pass.toLocaleString()} pass,{' '}
      {failing > 0 ? <Link to={gapsPath({ control: row.id })}>{failing.toLocaleString()} fail</Link> : '0 fail'}
      <span className="muted"> of {s.total.toLocaleString()}</span>
      {(s.stale > 0 || s.missing > 0) && (
        <span className="muted posture-target-detail">
          {s.stale > 0 && `${s.stale.toLocaleString()} stale`}
          {s.stale > 0 && s.missing > 0 && ', '}
          {s.missing > 0 && `${s.missing.toLocaleString()} without evidence`}
        </span>
      )}
    </span>
  );
}

const columns: readonly Column<Row>[] = [
  {
    header: 'Control',
    cell: (c) => (
      <>
        <span className="mono nowrap">{c.id}</span>
        <br />
        <strong>{c.title}</strong>
        <p className="muted posture-control-description">{c.description}</p>
      </>
    ),
    className: 'posture-control-cell',
  },
  { header: 'Direction', cell: (c) => DIRECTION_TITLES[c.direction], className: 'nowrap' },
  { header: 'Applies to', cell: (c) => scopeText(c) },
  { header: 'Evidence', cell: (c) => evidenceText(c.evidence) },
  { header: 'Weight', cell: (c) => c.weight.toLocaleString(), className: 'numeric' },
  { header: 'References', cell: (c) => <References control={c} /> },
  { header: 'Targets', cell: (row) => <Targets row={row} /> },
];

/** /posture/controls: the catalogue the posture is measured against, and how each control fares. */
export function PostureControlsPage() {
  const controls = useApiData(listControls);
  const summary = useApiData(fetchControlSummary);
  useLive(['posture'], summary.reload);
  const [direction, setDirection] = useState('');
  const byControl = useMemo(() => new Map((summary.data ?? []).map((s) => [s.control, s])), [summary.data]);
  const rows = useMemo(
    () =>
      (controls.data ?? [])
        .filter((c) => direction === '' || c.direction === direction)
        .map((c): Row => ({ ...c, summary: byControl.get(c.id) })),
    [controls.data, byControl, direction],
  );
  const onDirection = useCallback((event: { target: { value: string } }) => setDirection(event.target.value), []);

  return (
    <>
      <PostureHeader title="Controls" />
      <form className="search-form" role="search" aria-label="Filter controls" onSubmit={(e) => e.preventDefault()}>
        <FormField id="control-direction" label="Direction">
          <select id="control-direction" value={direction} onChange={onDirection}>
            <option value="">All</option>
            {DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {DIRECTION_TITLES[d]}
              </option>
            ))}
          </select>
        </FormField>
      </form>
      <ErrorMessage error={controls.error} />
      <ErrorMessage error={summary.error} />
      <p className="muted">
        Targets count the assets (or departments) each control applies to in your departments. Stale or missing evidence
        counts as failing.
      </p>
      {rows.length > 0 ? (
        <DataTable
          label="Controls"
          columns={columns}
          rows={rows}
          rowKey={(c) => c.id}
          rowTestId="posture-control-row"
          busy={controls.loading}
        />
      ) : (
        controls.data !== undefined && <p className="empty-state">No controls in this direction.</p>
      )}
    </>
  );
}
