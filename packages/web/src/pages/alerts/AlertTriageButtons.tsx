import type { Alert, AlertStatus } from '@citysoc/core';
import { updateAlertStatus } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';

/** One triage step: the button's name, the status it sets, and the past tense for the confirmation. */
interface TriageAction {
  readonly label: string;
  readonly to: AlertStatus;
  readonly done: string;
}

const ACKNOWLEDGE: TriageAction = { label: 'Acknowledge', to: 'acknowledged', done: 'acknowledged' };
const CLOSE: TriageAction = { label: 'Close', to: 'closed', done: 'closed' };
const REOPEN: TriageAction = { label: 'Reopen', to: 'new', done: 'reopened' };

/** What can be done from each status; reopening puts an alert back in the "New" queue. */
const ACTIONS: Readonly<Record<AlertStatus, readonly TriageAction[]>> = {
  new: [ACKNOWLEDGE, CLOSE],
  acknowledged: [CLOSE, REOPEN],
  escalated: [CLOSE, REOPEN],
  closed: [REOPEN],
};

interface AlertTriageButtonsProps {
  readonly alert: Alert;
  /** Called with the alert as the server now has it, and what happened ("acknowledged"). */
  readonly onChanged: (updated: Alert, done: string) => void;
}

/** The triage buttons for an alert's status. Render only for sessions with alerts.triage: others get 403. */
export function AlertTriageButtons({ alert, onChanged }: AlertTriageButtonsProps) {
  const mutation = useMutation();

  const apply = async (action: TriageAction): Promise<void> => {
    const updated = await mutation.run(() => updateAlertStatus(alert.id, action.to));
    if (updated !== undefined) onChanged(updated, action.done);
  };

  return (
    <div className="alert-triage">
      <div className="form-actions" role="group" aria-label="Triage">
        {ACTIONS[alert.status].map((action) => (
          <button
            key={action.to}
            type="button"
            className={action === ACKNOWLEDGE ? 'button-primary' : undefined}
            disabled={mutation.pending}
            onClick={() => void apply(action)}
          >
            {action.label}
          </button>
        ))}
      </div>
      <ErrorMessage error={mutation.error} />
    </div>
  );
}
