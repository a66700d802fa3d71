import { useState, type SubmitEvent } from 'react';
import { setStanceOverride, type StanceScopeKey } from '../../api/stance.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import {
  checkOverride,
  MIN_JUSTIFICATION,
  overrideBounds,
  STANCE_LEVELS,
  stanceLevelLabel,
  toLocalInputValue,
} from './stance-display.ts';

const DAY_MS = 86_400_000;

interface StanceOverrideFormProps {
  /** The city first, then the departments the user may see. */
  readonly scopes: readonly { readonly key: StanceScopeKey; readonly name: string }[];
  readonly onDone: (message: string) => void;
}

/**
 * Sets a manual level for the city or a department, with a justification and an end: the stance follows the
 * signals again afterwards. Rendered only for users with stance.override; the server checks it again.
 */
export function StanceOverrideForm({ scopes, onDone }: StanceOverrideFormProps) {
  // The bounds are fixed when the form opens; the check at submit uses the time of the click.
  const [now] = useState(() => new Date());
  const [scope, setScope] = useState<StanceScopeKey>('city');
  const [level, setLevel] = useState('3');
  const [until, setUntil] = useState(() => toLocalInputValue(new Date(now.getTime() + DAY_MS)));
  const [justification, setJustification] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation();
  const bounds = overrideBounds(now);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const checked = checkOverride({ level, justification, until }, new Date());
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    const view = await mutation.run(() => setStanceOverride(scope, checked.request));
    if (view === undefined) return;
    setJustification('');
    const name = scopes.find((s) => s.key === scope)?.name ?? scope;
    onDone(`${name} is held at level ${stanceLevelLabel(view.level)} until the override ends.`);
  };

  return (
    // Folded away: an override is an exception, and the card is read far more often than it is changed.
    <details className="stance-override">
      <summary id="stance-override-title">Override the level</summary>
      <form className="form-grid" aria-labelledby="stance-override-title" onSubmit={(event) => void onSubmit(event)}>
        <FormField id="stance-override-scope" label="For">
          <select id="stance-override-scope" value={scope} onChange={(event) => setScope(event.target.value)}>
            {scopes.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="stance-override-level" label="Level">
          <select id="stance-override-level" value={level} onChange={(event) => setLevel(event.target.value)}>
            {STANCE_LEVELS.map((l) => (
              <option key={l} value={String(l)}>
                {stanceLevelLabel(l)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="stance-override-until" label="Until" hint="At most 30 days; renew it to extend.">
          <input
            id="stance-override-until"
            type="datetime-local"
            required
            min={bounds.min}
            max={bounds.max}
            value={until}
            aria-describedby={fieldHintId('stance-override-until')}
            onChange={(event) => setUntil(event.target.value)}
          />
        </FormField>
        <FormField
          id="stance-override-justification"
          label="Justification"
          hint={`Recorded in the audit log and shown with the level; at least ${MIN_JUSTIFICATION} characters.`}
          wide
        >
          <textarea
            id="stance-override-justification"
            rows={2}
            required
            minLength={MIN_JUSTIFICATION}
            maxLength={2000}
            value={justification}
            aria-describedby={fieldHintId('stance-override-justification')}
            onChange={(event) => setJustification(event.target.value)}
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending}>
            Set override
          </button>
          {problem !== null && (
            <span className="text-bad" role="alert">
              {problem}
            </span>
          )}
        </div>
        <ErrorMessage error={mutation.error} />
      </form>
    </details>
  );
}
