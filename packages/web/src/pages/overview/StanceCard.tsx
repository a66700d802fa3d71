import type { StanceChange, StanceView } from '@citysoc/core';
import { useCallback, useState } from 'react';
import { clearStanceOverride, fetchStance, type StanceScopeKey } from '../../api/stance.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { StanceHistoryTable } from './StanceHistoryTable.tsx';
import { StanceLevelBadge } from './StanceLevelBadge.tsx';
import { StanceOverrideForm } from './StanceOverrideForm.tsx';
import { StancePolicies } from './StancePolicies.tsx';

const scopeKey = (view: StanceView | StanceChange): StanceScopeKey =>
  view.scope.kind === 'city' ? 'city' : view.scope.departmentId;

interface OverrideNoteProps {
  readonly view: StanceView;
  readonly canOverride: boolean;
  readonly onClear: () => void;
  readonly pending: boolean;
}

/** Who holds the level by hand, until when and why; and the level the signals call for meanwhile. */
function OverrideNote({ view, canOverride, onClear, pending }: OverrideNoteProps) {
  const { override } = view;
  if (override === null) return null;
  return (
    <div className="message message-info" data-testid="stance-override">
      <strong>Manual override</strong> by {override.by} until {formatDateTime(override.until)}:{' '}
      <span className="stance-justification">{override.justification}</span>
      <div className="muted">Without it the level would be {view.automaticLevel}.</div>
      {canOverride && (
        <button type="button" className="button-small" onClick={onClear} disabled={pending}>
          Clear override
        </button>
      )}
    </div>
  );
}

/**
 * The security stance on the overview: the city's level and why, what it changes (the policies in force), the
 * departments' levels, recent changes, and for stance.override holders the override controls.
 */
export function StanceCard({ refreshMs }: { refreshMs: number }) {
  const stance = useApiData(fetchStance, refreshMs);
  const { can } = useSession();
  const departmentName = useDepartmentName();
  const clearing = useMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const canOverride = can('stance.override');
  const { reload } = stance;

  const scopeName = useCallback(
    (view: StanceView | StanceChange): string =>
      view.scope.kind === 'city' ? 'City' : departmentName(view.scope.departmentId),
    [departmentName],
  );

  const clear = async (view: StanceView): Promise<void> => {
    const cleared = await clearing.run(() => clearStanceOverride(scopeKey(view)));
    if (cleared === undefined) return;
    setNotice(`${scopeName(view)} follows its signals again: level ${cleared.level}.`);
    reload();
  };
  const onOverridden = (message: string): void => {
    setNotice(message);
    reload();
  };

  const { data } = stance;
  const city = data?.city ?? null;
  const departments = data?.departments ?? [];
  const departmentColumns: readonly Column<StanceView>[] = [
    { header: 'Department', cell: scopeName },
    { header: 'Level', cell: (view) => <StanceLevelBadge level={view.level} /> },
    { header: 'Main reason', cell: (view) => view.reasons[0]?.text ?? '—' },
    {
      header: 'Override',
      cell: (view) =>
        view.override === null ? (
          <span className="muted">—</span>
        ) : (
          <>
            until {formatDateTime(view.override.until)}{' '}
            {canOverride && (
              <button
                type="button"
                className="button-small"
                onClick={() => void clear(view)}
                disabled={clearing.pending}
              >
                Clear
              </button>
            )}
          </>
        ),
    },
  ];
  const history = [...(city?.history ?? []), ...departments.flatMap((view) => view.history)];

  return (
    <section className="panel stance-panel" aria-labelledby="stance-title" data-testid="stance-card">
      <h2 id="stance-title">Security stance</h2>
      <ErrorMessage error={stance.error ?? clearing.error} />
      {notice !== null && (
        <p className="message message-good" role="status" data-testid="stance-notice">
          {notice}
        </p>
      )}
      {data === undefined ? (
        stance.loading && <p className="empty-state">Loading the stance…</p>
      ) : city === null ? (
        <p className="empty-state">The stance has not been evaluated yet.</p>
      ) : (
        <>
          <div className="stance-summary">
            <div className="stance-now">
              <StanceLevelBadge level={city.level} testId="stance-level" />
              <p className="muted">
                Since {formatDateTime(city.changedAt)}; evaluated {formatDateTime(city.evaluatedAt)}.
              </p>
              <OverrideNote
                view={city}
                canOverride={canOverride}
                onClear={() => void clear(city)}
                pending={clearing.pending}
              />
              <h3>Why</h3>
              <ul className="stance-reasons" data-testid="stance-reasons">
                {city.reasons.map((reason, index) => (
                  <li key={index}>{reason.text}</li>
                ))}
              </ul>
            </div>
            <StancePolicies policy={city.policies} />
          </div>
          {departments.length > 0 && (
            <>
              <h3>Departments</h3>
              <DataTable
                label="Department stances"
                columns={departmentColumns}
                rows={departments}
                rowKey={(view) => scopeKey(view)}
                rowTestId="stance-department-row"
              />
            </>
          )}
          {canOverride && (
            <StanceOverrideForm
              scopes={[
                { key: 'city', name: 'The whole city' },
                ...departments.map((view) => ({ key: scopeKey(view), name: scopeName(view) })),
              ]}
              onDone={onOverridden}
            />
          )}
          <StanceHistoryTable changes={history} scopeName={scopeName} />
        </>
      )}
    </section>
  );
}
