import type { AccessRequestView } from '@citysoc/core';
import { useId, useState, type SubmitEvent } from 'react';
import { type Decided, decideAccessRequest } from '../../api/data-protection.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';

interface AccessDecisionFormProps {
  readonly request: AccessRequestView;
  readonly onDecided: (decided: Decided) => void;
}

/**
 * The owner's decision on one request. Ordinary fields are approved as requested; each personal field has its
 * own box, unticked, because personal data is granted only by name.
 */
export function AccessDecisionForm({ request, onDecided }: AccessDecisionFormProps) {
  const idPrefix = useId();
  const personal = new Set(request.personal_fields);
  const [approved, setApproved] = useState<string[]>(request.fields.filter((f) => !personal.has(f)));
  const [reason, setReason] = useState('');
  const mutation = useMutation();

  const decide = async (decision: 'approve' | 'deny'): Promise<void> => {
    const decided = await mutation.run(() =>
      decideAccessRequest(request.id, {
        decision,
        reason: reason.trim(),
        ...(decision === 'approve' && request.fields.length > 0 && { fields: approved }),
      }),
    );
    if (decided !== undefined) onDecided(decided);
  };
  const onSubmit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void decide('approve');
  };

  return (
    <form className="decision-form" aria-label={`Decide request ${request.id}`} onSubmit={onSubmit}>
      {request.fields.length > 0 && (
        <fieldset className="checkboxes">
          <legend>Approve fields</legend>
          {request.fields.map((field) => {
            const id = `${idPrefix}-${field}`;
            return (
              <span key={field} className="checkbox">
                <input
                  type="checkbox"
                  id={id}
                  checked={approved.includes(field)}
                  onChange={(event) =>
                    setApproved((current) =>
                      event.target.checked ? [...current, field] : current.filter((f) => f !== field),
                    )
                  }
                />
                <label htmlFor={id}>
                  {field}
                  {personal.has(field) && <span className="badge badge-bad">personal</span>}
                </label>
              </span>
            );
          })}
        </fieldset>
      )}
      <label htmlFor={`${idPrefix}-reason`} className="visually-hidden">
        Reason
      </label>
      <input
        id={`${idPrefix}-reason`}
        placeholder="Reason (recorded in the audit log)"
        required
        minLength={3}
        maxLength={2000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button-primary button-small" disabled={mutation.pending}>
        Approve
      </button>
      <button
        type="button"
        className="button-small"
        disabled={mutation.pending || reason.trim().length < 3}
        onClick={() => void decide('deny')}
      >
        Deny
      </button>
      <ErrorMessage error={mutation.error} />
    </form>
  );
}
