import type { Department, RuleState } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { setRuleState } from './rules-api.ts';

const CITY = '';

interface RuleStateFormProps {
  readonly ruleId: string;
  readonly state: RuleState;
  /** Whether the session may change state city-wide (rules.manage); otherwise only for its departments. */
  readonly cityWide: boolean;
  readonly departments: readonly Department[];
  readonly onChanged: (message: string) => void;
}

/**
 * Disable or enable one rule, city-wide or for one department, with the reason the audit log keeps. The
 * action offered follows the current state for the chosen scope.
 */
export function RuleStateForm({ ruleId, state, cityWide, departments, onChanged }: RuleStateFormProps) {
  const [scope, setScope] = useState(cityWide ? CITY : (departments[0]?.id ?? CITY));
  const [reason, setReason] = useState('');
  const mutation = useMutation();
  const offHere =
    scope === CITY ? !state.enabled : state.disabledFor.some((exception) => exception.department === scope);
  const where = scope === CITY ? 'city-wide' : `for ${departments.find((d) => d.id === scope)?.name ?? scope}`;
  const action = offHere ? 'Enable' : 'Disable';

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const answer = await mutation.run(() =>
      setRuleState(ruleId, { department: scope === CITY ? null : scope, enabled: offHere, reason: reason.trim() }),
    );
    if (answer !== undefined) {
      setReason('');
      onChanged(`${offHere ? 'Enabled' : 'Disabled'} ${where}.`);
    }
  };

  return (
    <form
      className="toolbar rule-state-form"
      onSubmit={(event) => void onSubmit(event)}
      aria-label={`State of rule ${ruleId}`}
    >
      <div className="field">
        <label htmlFor={`rule-scope-${ruleId}`}>Where</label>
        <select id={`rule-scope-${ruleId}`} value={scope} onChange={(event) => setScope(event.target.value)}>
          {cityWide && <option value={CITY}>City-wide</option>}
          {departments.map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`rule-reason-${ruleId}`}>Reason</label>
        <input
          id={`rule-reason-${ruleId}`}
          required
          minLength={3}
          maxLength={1000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <button type="submit" disabled={mutation.pending || reason.trim().length < 3}>
        {action} {where}
      </button>
      <ErrorMessage error={mutation.error} />
    </form>
  );
}
