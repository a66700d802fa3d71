import { useCallback, useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { createIncident, escalateAlerts, listIncidents } from '../../api/incidents.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';

const NEW = '';

/**
 * "Escalate to incident" for one or more alerts: into a new incident (titled by the operator, department and
 * severity taken from the alerts) or into an open one. The alerts are linked and marked escalated by the
 * server; the operator lands on the case. Renders nothing without `incidents.manage`.
 */
export function EscalateToIncident({
  alertIds,
  defaultTitle = '',
}: {
  alertIds: readonly string[];
  defaultTitle?: string;
}) {
  const { can } = useSession();
  const navigate = useNavigate();
  const mutation = useMutation();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState(NEW);
  const [title, setTitle] = useState(defaultTitle);
  const loadOpen = useCallback(() => listIncidents({ status: 'open' }), []);
  const incidents = useApiData(open ? loadOpen : null);

  if (!can('incidents.manage') || alertIds.length === 0) return null;
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Escalate to incident
      </button>
    );
  }

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const result = await mutation.run(() =>
      target === NEW
        ? createIncident({ title: title.trim(), alertIds: [...alertIds] })
        : escalateAlerts(target, alertIds),
    );
    if (result !== undefined) void navigate(`/incidents/${encodeURIComponent(result.id)}`);
  };

  return (
    <form
      className="form-grid escalate-form"
      aria-label="Escalate to incident"
      onSubmit={(event) => void onSubmit(event)}
    >
      <div className="field">
        <label htmlFor="escalate-target">Incident</label>
        <select id="escalate-target" value={target} onChange={(event) => setTarget(event.target.value)}>
          <option value={NEW}>New incident</option>
          {(incidents.data ?? []).map((i) => (
            <option key={i.id} value={i.id}>
              {i.ref}: {i.title}
            </option>
          ))}
        </select>
      </div>
      {target === NEW && (
        <div className="field field-wide">
          <label htmlFor="escalate-title">Title</label>
          <input
            id="escalate-title"
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
      )}
      <ErrorMessage error={incidents.error ?? mutation.error} />
      <div className="form-actions">
        <button
          type="submit"
          className="button-primary"
          disabled={mutation.pending || (target === NEW && title.trim() === '')}
        >
          Escalate {alertIds.length === 1 ? 'alert' : `${alertIds.length} alerts`}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
