import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { listAssets } from '../../api/city.ts';
import { fetchPosture, listControls } from '../../api/posture.ts';
import type { PostureGap, PostureReport } from '../../api/posture-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useLive } from '../../hooks/use-live.ts';
import { useSession } from '../../session/session-context.ts';
import { assetPath } from '../city/inventory-display.ts';
import { localToday } from '../vulns/finding-decision.ts';
import { AttestPanel } from './AttestPanel.tsx';
import { type GapFilter, gapFilterParams, matchesGapFilter, readGapFilter } from './gap-filters.ts';
import { GapFilterForm } from './GapFilterForm.tsx';
import { DIRECTION_TITLES, GAP_STATUS_TITLES, isAttestable, relativeTime } from './posture-display.ts';
import { PostureExports, PostureHeader } from './PostureNav.tsx';

const loadAssets = () => listAssets();
const gapKey = (gap: PostureGap): string => `${gap.control}|${gap.target.kind}:${gap.target.id}`;

/** /posture/gaps: every control not shown to be in place, longest-standing first, with attestation for those allowed. */
export function PostureGapsPage() {
  const [params, setParams] = useSearchParams();
  const filter = readGapFilter(params);
  const { can } = useSession();
  const canAttest = can('inventory.manage');
  const report = useApiData(fetchPosture);
  const controls = useApiData(listControls);
  const assets = useApiData(loadAssets);
  useLive(['posture'], report.reload);
  const departmentName = useDepartmentName();
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Relative times and date limits are read against when the page opened.
  const [now] = useState(() => Date.now());
  const today = useMemo(() => localToday(new Date(now)), [now]);
  const [attested, setAttested] = useState<PostureReport | null>(null);

  // The attestation's answer is the re-evaluated report: shown at once, until the next load replaces it.
  const data =
    attested !== null && (report.data === undefined || attested.evaluated_at > report.data.evaluated_at)
      ? attested
      : report.data;
  const controlsById = useMemo(() => new Map((controls.data ?? []).map((c) => [c.id, c])), [controls.data]);
  const assetNames = useMemo(() => new Map((assets.data ?? []).map((a) => [a.id, a.name])), [assets.data]);
  const targetName = useCallback(
    (gap: PostureGap) =>
      gap.target.kind === 'department'
        ? departmentName(gap.target.id)
        : (assetNames.get(gap.target.id) ?? gap.target.id),
    [assetNames, departmentName],
  );
  const shown = useMemo(() => (data?.gaps ?? []).filter((gap) => matchesGapFilter(gap, filter)), [data, filter]);
  const current = data?.gaps.find((gap) => gapKey(gap) === selected);
  const currentControl = current === undefined ? undefined : controlsById.get(current.control);

  const onChange = (next: GapFilter): void => setParams(gapFilterParams(next), { replace: true });
  const onAttested = (next: PostureReport, until: string): void => {
    if (current !== undefined) setNotice(`${current.control} attested for ${targetName(current)} until ${until}.`);
    setSelected(null);
    setAttested(next);
    report.reload();
  };

  const columns: readonly Column<PostureGap>[] = [
    {
      header: 'Control',
      cell: (gap) => (
        <>
          <span className="mono nowrap">{gap.control}</span>
          <br />
          <span className="posture-control-title">{gap.title}</span>
        </>
      ),
    },
    { header: 'Direction', cell: (gap) => DIRECTION_TITLES[gap.direction], className: 'nowrap' },
    {
      header: 'Target',
      cell: (gap) =>
        gap.target.kind === 'asset' ? (
          <>
            <Link to={assetPath(gap.target.id)} className="mono">
              {gap.target.id}
            </Link>
            {assetNames.has(gap.target.id) && (
              <span className="posture-target-name">{assetNames.get(gap.target.id)}</span>
            )}
          </>
        ) : (
          <span>the department</span>
        ),
    },
    { header: 'Department', cell: (gap) => departmentName(gap.department) },
    {
      header: 'Status',
      cell: (gap) => (
        <span className={`badge badge-bad posture-status-${gap.status}`}>{GAP_STATUS_TITLES[gap.status]}</span>
      ),
      className: 'nowrap',
    },
    { header: 'Reason', cell: (gap) => <span className="posture-reason">{gap.reason}</span> },
    {
      header: 'Since',
      cell: (gap) => (
        <time dateTime={gap.since} title={formatDateTime(gap.since)}>
          {relativeTime(gap.since, now)}
          <br />
          <span className="muted">{formatDateTime(gap.since)}</span>
        </time>
      ),
      className: 'nowrap',
    },
    ...(canAttest
      ? [
          {
            header: 'Action',
            cell: (gap: PostureGap) =>
              isAttestable(controlsById.get(gap.control)) ? (
                <button
                  type="button"
                  className="button-small"
                  aria-label={`Attest ${gap.control} for ${targetName(gap)}`}
                  onClick={() => {
                    setSelected(gapKey(gap));
                    setNotice(null);
                  }}
                >
                  Attest
                </button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <PostureHeader title="Gaps" />
      {data !== undefined && (
        <GapFilterForm
          filter={filter}
          onChange={onChange}
          departments={data.departments}
          departmentName={departmentName}
          controls={controls.data ?? []}
        />
      )}
      <PostureExports department={filter.department} />
      <ErrorMessage error={report.error} />
      <ErrorMessage error={controls.error} />
      {notice !== null && (
        <p className="message message-good" role="status" data-testid="posture-notice">
          {notice}
        </p>
      )}
      {current !== undefined && currentControl !== undefined && canAttest && (
        <AttestPanel
          key={selected}
          gap={current}
          control={currentControl}
          targetName={targetName(current)}
          today={today}
          onAttested={onAttested}
          onClose={() => setSelected(null)}
        />
      )}
      <div className="toolbar">
        <span aria-live="polite" data-testid="gap-count">
          {data === undefined
            ? report.loading
              ? 'Loading…'
              : ''
            : `${shown.length.toLocaleString()} of ${data.gaps.length.toLocaleString()} gaps`}
        </span>
      </div>
      {shown.length > 0 ? (
        <DataTable
          label="Gaps"
          columns={columns}
          rows={shown}
          rowKey={gapKey}
          rowTestId="posture-gap-row"
          rowClassName={(gap) => (gapKey(gap) === selected ? 'row-selected' : undefined)}
          busy={report.loading}
        />
      ) : (
        data !== undefined && (
          <p className="empty-state">
            {data.gaps.length === 0 ? 'No gaps: every control in scope passes.' : 'No gaps match these filters.'}
          </p>
        )
      )}
    </>
  );
}
