import { type IncidentDetail, type IncidentStatus, ResolutionKind } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { updateIncident } from '../../api/incidents.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { transitionLabel } from './incident-display.ts';

const RESOLUTION_LABELS: Readonly<Record<ResolutionKind, string>> = {
  true_positive: 'True positive',
  false_positive: 'False positive',
  benign: 'Benign',
  duplicate: 'Duplicate',
};

interface Props {
  readonly incident: IncidentDetail;
  readonly onChanged: (updated: IncidentDetail) => void;
}

/**
 * The phase buttons the server allows from the current phase (it sends `nextStatuses`). Moving on is one
 * click; closing asks for the resolution and its summary, reopening for the reason, as the server requires.
 */
export function IncidentPhaseControls({ incident, onChanged }: Props) {
  const mutation = useMutation();
  const [asking, setAsking] = useState<IncidentStatus | null>(null);
  const [text, setText] = useState('');
  const [kind, setKind] = useState<ResolutionKind>('true_positive');

  const move = async (
    to: IncidentStatus,
    extra: { reason?: string; resolution?: { kind: ResolutionKind; summary: string } },
  ) => {
    const updated = await mutation.run(() => updateIncident(incident.id, { status: to, ...extra }));
    if (updated !== undefined) {
      setAsking(null);
      setText('');
      onChanged(updated);
    }
  };
  const onButton = (to: IncidentStatus): void => {
    if (to === 'closed' || incident.status === 'closed') {
      setAsking(to);
      return;
    }
    void move(to, {});
  };
  const onSubmit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (asking === null) return;
    void move(asking, asking === 'closed' ? { resolution: { kind, summary: text.trim() } } : { reason: text.trim() });
  };

  return (
    <div className="incident-phase">
      <div className="form-actions" role="group" aria-label="Phase">
        {incident.nextStatuses.map((to) => (
          <button
            key={to}
            type="button"
            className={to === 'closed' ? 'button-danger' : 'button-primary'}
            disabled={mutation.pending}
            onClick={() => onButton(to)}
          >
            {transitionLabel(incident.status, to)}
          </button>
        ))}
      </div>
      {asking !== null && (
        <form
          className="form-grid"
          aria-label={asking === 'closed' ? 'Close the incident' : 'Reopen the incident'}
          onSubmit={onSubmit}
        >
          {asking === 'closed' && (
            <FormField id="incident-resolution" label="Resolution">
              <select
                id="incident-resolution"
                value={kind}
                onChange={(event) => setKind(ResolutionKind.parse(event.target.value))}
              >
                {ResolutionKind.options.map((k) => (
                  <option key={k} value={k}>
                    {RESOLUTION_LABELS[k]}
                  </option>
                ))}
              </select>
            </FormField>
          )}
          <FormField id="incident-phase-text" label={asking === 'closed' ? 'Resolution summary' : 'Reason'} wide>
            <textarea
              id="incident-phase-text"
              rows={3}
              required
              maxLength={asking === 'closed' ? 20_000 : 2000}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </FormField>
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={mutation.pending || text.trim() === ''}>
              {asking === 'closed' ? 'Close incident' : 'Reopen incident'}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}
