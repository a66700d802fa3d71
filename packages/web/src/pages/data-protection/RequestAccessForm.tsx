import type { AccessRequestView, DatasetView } from '@citysoc/core';
import { useId, useState, type SubmitEvent } from 'react';
import { requestAccess } from '../../api/data-protection.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { DURATION_CHOICES } from './data-protection-display.ts';

interface RequestAccessFormProps {
  readonly dataset: DatasetView;
  readonly onRequested: (request: AccessRequestView) => void;
  readonly onClose: () => void;
}

/** Asks the dataset's owner for access: for whom (a person or a system), which fields, why, for how long. */
export function RequestAccessForm({ dataset, onRequested, onClose }: RequestAccessFormProps) {
  const { session } = useSession();
  const idPrefix = useId();
  const [subject, setSubject] = useState(session.user.username);
  const [fields, setFields] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const [duration, setDuration] = useState('30d');
  const mutation = useMutation();

  const toggle = (name: string, checked: boolean): void =>
    setFields((current) => (checked ? [...current, name] : current.filter((f) => f !== name)));

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const created = await mutation.run(() =>
      requestAccess(dataset.id, { subject: subject.trim(), fields, purpose: purpose.trim(), duration }),
    );
    if (created !== undefined) onRequested(created);
  };

  return (
    <section className="panel" aria-labelledby="request-access-title" data-testid="request-access">
      <div className="panel-header">
        <h2 id="request-access-title">Request access to {dataset.name}</h2>
        <button type="button" className="button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <form className="form-grid" onSubmit={(event) => void onSubmit(event)} aria-label="Request access">
        <FormField
          id="request-subject"
          label="For"
          hint="A username, or the id of the system or service that will read the data."
        >
          <input
            id="request-subject"
            required
            maxLength={200}
            value={subject}
            aria-describedby={fieldHintId('request-subject')}
            onChange={(event) => setSubject(event.target.value)}
          />
        </FormField>
        <FormField id="request-duration" label="For how long">
          <select id="request-duration" value={duration} onChange={(event) => setDuration(event.target.value)}>
            {DURATION_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          id="request-purpose"
          label="Purpose"
          hint="Systems must ask for decisions with this same purpose."
          wide
        >
          <textarea
            id="request-purpose"
            rows={2}
            required
            minLength={3}
            maxLength={500}
            value={purpose}
            aria-describedby={fieldHintId('request-purpose')}
            onChange={(event) => setPurpose(event.target.value)}
          />
        </FormField>
        {dataset.fields.length > 0 && (
          <fieldset className="checkboxes field-wide">
            <legend>Fields (personal data marked; the owner approves each by name)</legend>
            {dataset.fields.map((field) => {
              const id = `${idPrefix}-${field.name}`;
              return (
                <span key={field.name} className="checkbox">
                  <input
                    type="checkbox"
                    id={id}
                    checked={fields.includes(field.name)}
                    onChange={(event) => toggle(field.name, event.target.checked)}
                  />
                  <label htmlFor={id}>
                    {field.name}
                    {field.personal && (
                      <span className="badge badge-bad">
                        {field.special_category ? 'special category' : 'personal'}
                      </span>
                    )}
                  </label>
                </span>
              );
            })}
          </fieldset>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending}>
            Send request
          </button>
        </div>
        <ErrorMessage error={mutation.error} />
      </form>
    </section>
  );
}
