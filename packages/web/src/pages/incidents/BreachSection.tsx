import type { IncidentDetail, PersonalDataBreach } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { recordBreachNotification } from '../../api/casework.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField } from '../../components/FormField.tsx';
import { formatDateTime } from '../../format.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { describeBreachClock } from './casework-display.ts';

interface Props {
  readonly incidentId: string;
  readonly breach: PersonalDataBreach;
  readonly canManage: boolean;
  readonly now: number;
  readonly onChanged: (incident: IncidentDetail) => void;
}

const TONE_CLASS = { bad: 'message message-error', warn: 'message message-info', good: 'message message-info' };

/**
 * The personal-data breach: which datasets, the 72-hour countdown to notify the supervisory authority (GDPR
 * art. 33), and the form that records the notification once it is made.
 */
export function BreachSection({ incidentId, breach, canManage, now, onChanged }: Props) {
  const mutation = useMutation();
  const [authority, setAuthority] = useState('');
  const [reference, setReference] = useState('');
  const clock = describeBreachClock(breach, now);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const updated = await mutation.run(() =>
      recordBreachNotification(incidentId, { authority: authority.trim(), reference: reference.trim() }),
    );
    if (updated !== undefined) onChanged(updated);
  };

  return (
    <section className="panel" aria-labelledby="incident-breach" data-testid="breach-clock">
      <h2 id="incident-breach">Personal-data breach</h2>
      <p className={TONE_CLASS[clock.tone]} role="status">
        {clock.text}
      </p>
      <p>
        Affected datasets: {breach.datasets.map((d) => `${d.name} (${d.classification.replace('_', ' ')})`).join(', ')}
      </p>
      <p className="muted">
        Clock started {formatDateTime(breach.clockStartedAt)} · notify by {formatDateTime(breach.notifyBy)}
      </p>
      {breach.notifiedAt !== null ? (
        <p>
          Notified {formatDateTime(breach.notifiedAt)} by {breach.notifiedBy ?? '—'} to {breach.authority ?? '—'},
          reference {breach.reference ?? '—'}
        </p>
      ) : (
        canManage && (
          <form className="form-grid" aria-label="Record the notification" onSubmit={(event) => void onSubmit(event)}>
            <FormField id="breach-authority" label="Supervisory authority">
              <input
                id="breach-authority"
                required
                maxLength={300}
                value={authority}
                onChange={(event) => setAuthority(event.target.value)}
              />
            </FormField>
            <FormField id="breach-reference" label="Reference">
              <input
                id="breach-reference"
                required
                maxLength={300}
                value={reference}
                onChange={(event) => setReference(event.target.value)}
              />
            </FormField>
            <div className="form-actions">
              <button
                type="submit"
                className="button-primary"
                disabled={mutation.pending || authority.trim() === '' || reference.trim() === ''}
              >
                Record notification
              </button>
            </div>
          </form>
        )
      )}
      <ErrorMessage error={mutation.error} />
    </section>
  );
}
