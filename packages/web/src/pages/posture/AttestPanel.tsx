import { useState, type SubmitEvent } from 'react';
import { attestControl } from '../../api/posture.ts';
import type { PostureControl, PostureGap, PostureReport } from '../../api/posture-schemas.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { checkAttestation, defaultUntil, latestUntil, MIN_NOTE_LENGTH } from './attestation-form.ts';
import { durationWords } from './posture-display.ts';

interface AttestPanelProps {
  readonly gap: PostureGap;
  readonly control: PostureControl;
  readonly targetName: string;
  readonly today: string;
  readonly onAttested: (report: PostureReport, until: string) => void;
  readonly onClose: () => void;
}

/**
 * Records that an attestation-evidenced control is in place for the gap's target until a date, with a note
 * saying what shows it. The server checks the same rules and more (department rights); whatever it refuses,
 * its message is shown.
 */
export function AttestPanel({ gap, control, targetName, today, onAttested, onClose }: AttestPanelProps) {
  const [until, setUntil] = useState(() => defaultUntil(control, today));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation();
  const validity = control.evidence.kind === 'attestation' ? durationWords(control.evidence.max_validity) : '';

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const checked = checkAttestation(control, gap.target.id, until, note, today);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    const report = await mutation.run(() => attestControl(checked.request));
    if (report !== undefined) onAttested(report, checked.request.until);
  };

  return (
    <section className="panel" aria-labelledby="attest-title" data-testid="attest-panel">
      <div className="panel-header">
        <h2 id="attest-title">
          Attest {control.id} for {targetName}
        </h2>
        <button type="button" className="button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        <strong>{control.title}.</strong> {control.description}
      </p>
      <form className="form-grid" aria-label={`Attest ${control.id}`} onSubmit={(event) => void onSubmit(event)}>
        <FormField id="attest-until" label="Valid until" hint={`At most ${validity} from today.`}>
          <input
            id="attest-until"
            type="date"
            required
            min={today}
            max={latestUntil(control, today)}
            value={until}
            aria-describedby={fieldHintId('attest-until')}
            onChange={(event) => setUntil(event.target.value)}
          />
        </FormField>
        <FormField
          id="attest-note"
          label="Note"
          hint={`What shows the control is in place (document, review, exercise); at least ${MIN_NOTE_LENGTH} characters. Recorded in the audit log with your name.`}
          wide
        >
          <textarea
            id="attest-note"
            rows={2}
            maxLength={4000}
            required
            value={note}
            aria-describedby={fieldHintId('attest-note')}
            onChange={(event) => setNote(event.target.value)}
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending}>
            Attest
          </button>
          {problem !== null && (
            <span className="text-bad" role="alert">
              {problem}
            </span>
          )}
        </div>
        <ErrorMessage error={mutation.error} />
      </form>
    </section>
  );
}
