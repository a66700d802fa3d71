import type { AssetStatus } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { setAssetStatus } from '../../api/city.ts';
import type { StatusChangeOutcome } from '../../api/response.ts';
import { containmentMessage } from './containment-message.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';

interface ContainmentAction {
  readonly label: string;
  readonly status: AssetStatus;
  /** "isolated", for the confirmation. */
  readonly done: string;
}

const ACTIONS: readonly ContainmentAction[] = [
  { label: 'Isolate', status: 'isolated', done: 'isolated' },
  { label: 'Take offline', status: 'offline', done: 'taken offline' },
  { label: 'Restore', status: 'operational', done: 'restored' },
];

interface ContainmentFormProps {
  readonly assetIds: readonly string[];
  /** The asset's name for the confirmation; the id when unknown. */
  readonly nameOf: (id: string) => string;
  /** Called after the change, with a sentence saying what was done. */
  readonly onDone: (message: string) => void;
  /** Keeps ids unique when two forms are on one page. */
  readonly idPrefix: string;
}

/**
 * Acts on real assets: isolates, takes offline or restores them. Render only for sessions with
 * assets.contain. The reason is required and goes into the audit log with the change.
 */
export function ContainmentForm({ assetIds, nameOf, onDone, idPrefix }: ContainmentFormProps) {
  const [reason, setReason] = useState('');
  const mutation = useMutation();
  const reasonId = `${idPrefix}-reason`;

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const action = ACTIONS.find((a) => a.status === event.submitter?.getAttribute('value'));
    if (action === undefined) return;
    const outcomes = await mutation.run(async () => {
      // One at a time: each change is one audit entry, and a refusal stops before the next asset.
      const done: { id: string; outcome: StatusChangeOutcome }[] = [];
      for (const id of assetIds) done.push({ id, outcome: await setAssetStatus(id, action.status, reason.trim()) });
      return done;
    });
    if (outcomes === undefined) return;
    setReason('');
    onDone(containmentMessage(outcomes, action.done, nameOf));
  };

  const count = assetIds.length;
  return (
    <form
      className="containment"
      onSubmit={(event) => void onSubmit(event)}
      aria-label={`Act on ${count} asset${count === 1 ? '' : 's'}`}
    >
      <FormField
        id={reasonId}
        label="Reason (recorded in the audit log)"
        hint={`Changes the real asset${count === 1 ? '' : 's'}, not a what-if.`}
        wide
      >
        <textarea
          id={reasonId}
          required
          rows={2}
          maxLength={2000}
          value={reason}
          aria-describedby={fieldHintId(reasonId)}
          onChange={(event) => setReason(event.target.value)}
        />
      </FormField>
      <div className="form-actions" role="group" aria-label="Containment">
        {ACTIONS.map((action) => (
          <button
            key={action.status}
            type="submit"
            value={action.status}
            className={action.status === 'operational' ? undefined : 'button-danger'}
            disabled={mutation.pending || count === 0}
          >
            {action.label}
          </button>
        ))}
      </div>
      <ErrorMessage error={mutation.error} />
    </form>
  );
}
