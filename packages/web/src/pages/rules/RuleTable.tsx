import type { Department, RuleListEntry } from '@citysoc/core';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { LevelBadge } from '../alerts/AlertBadges.tsx';
import { describeLogsource, sourceText, stateText } from './rule-display.ts';
import { deleteRule } from './rules-api.ts';
import { RuleStateForm } from './RuleStateForm.tsx';

interface RuleTableProps {
  readonly rules: readonly RuleListEntry[];
  /** rules.manage: state city-wide and for any department, delete uploads. */
  readonly canManage: boolean;
  /** rules.tune: state for the session's own departments. */
  readonly canTune: boolean;
  readonly departments: readonly Department[];
  readonly onChanged: (message: string) => void;
}

function DeleteButton({ rule, onChanged }: { rule: RuleListEntry; onChanged: (message: string) => void }) {
  const mutation = useMutation();
  const onClick = async (): Promise<void> => {
    if (!window.confirm(`Delete the uploaded rule “${rule.title}”?`)) return;
    const done = await mutation.run(async () => {
      await deleteRule(rule.id);
      return true;
    });
    if (done === true) onChanged(`Deleted “${rule.title}”.`);
  };
  return (
    <>
      <button type="button" className="button-danger" disabled={mutation.pending} onClick={() => void onClick()}>
        Delete
      </button>
      <ErrorMessage error={mutation.error} />
    </>
  );
}

/** The rules with their state. Every value comes from a rule file or an upload and is rendered as text. */
export function RuleTable({ rules, canManage, canTune, departments, onChanged }: RuleTableProps) {
  const canChange = canManage || (canTune && departments.length > 0);
  return (
    <table className="table" aria-label="Detection rules">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Level</th>
          <th scope="col">Log source</th>
          <th scope="col">State</th>
          <th scope="col">Packs</th>
          <th scope="col">Source</th>
          {canChange && <th scope="col">Manage</th>}
        </tr>
      </thead>
      <tbody>
        {rules.map((rule, index) => (
          // Ids should be unique among loaded rules, but the position keeps keys unique if one repeats.
          <tr
            key={`${index}:${rule.id}`}
            data-testid="rule-row"
            data-rule-id={rule.id}
            data-active={String(rule.state.active)}
          >
            <td className="alert-title">
              {rule.title}
              <div className="muted mono break-anywhere">{rule.id}</div>
            </td>
            <td>
              <LevelBadge level={rule.level} />
            </td>
            <td className="mono">{describeLogsource(rule.logsource)}</td>
            <td data-testid="rule-state">
              {stateText(rule.state)}
              {rule.state.inactiveReason !== null && <div className="muted">{rule.state.inactiveReason}</div>}
              {rule.state.disabledFor.map((exception) => (
                <div key={exception.department} className="muted">
                  {exception.department}: {exception.reason}
                </div>
              ))}
            </td>
            <td className="mono break-anywhere">{rule.state.packs.length === 0 ? '—' : rule.state.packs.join(', ')}</td>
            <td>{sourceText(rule.state)}</td>
            {canChange && (
              <td>
                <details>
                  <summary>Enable / disable</summary>
                  <RuleStateForm
                    ruleId={rule.id}
                    state={rule.state}
                    cityWide={canManage}
                    departments={departments}
                    onChanged={onChanged}
                  />
                </details>
                {canManage && rule.state.source === 'uploaded' && <DeleteButton rule={rule} onChanged={onChanged} />}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
