import { type IncidentDetail, IncidentPriority, IncidentSeverity } from '@citysoc/core';
import { useCallback } from 'react';
import { listAssignees, updateIncident } from '../../api/incidents.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';

interface Props {
  readonly incident: IncidentDetail;
  readonly canManage: boolean;
  readonly onChanged: (updated: IncidentDetail) => void;
}

const NOBODY = '';

/** Severity, priority and assignee, edited in place: each select saves on change. */
export function IncidentFields({ incident, canManage, onChanged }: Props) {
  const mutation = useMutation();
  const load = useCallback(() => listAssignees(incident.id), [incident.id]);
  const assignees = useApiData(canManage ? load : null);

  const save = async (change: Parameters<typeof updateIncident>[1]) => {
    const updated = await mutation.run(() => updateIncident(incident.id, change));
    if (updated !== undefined) onChanged(updated);
  };

  return (
    <div className="incident-fields">
      <div className="field">
        <label htmlFor="incident-edit-severity">Severity</label>
        <select
          id="incident-edit-severity"
          value={incident.severity}
          disabled={!canManage || mutation.pending}
          onChange={(event) => void save({ severity: IncidentSeverity.parse(event.target.value) })}
        >
          {IncidentSeverity.options.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="incident-edit-priority">Priority</label>
        <select
          id="incident-edit-priority"
          value={incident.priority}
          disabled={!canManage || mutation.pending}
          onChange={(event) => void save({ priority: IncidentPriority.parse(event.target.value) })}
        >
          {IncidentPriority.options.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="incident-edit-assignee">Assignee</label>
        <select
          id="incident-edit-assignee"
          value={incident.assigneeId ?? NOBODY}
          disabled={!canManage || mutation.pending}
          onChange={(event) => void save({ assigneeId: event.target.value === NOBODY ? null : event.target.value })}
        >
          <option value={NOBODY}>Nobody</option>
          {incident.assigneeId !== null && !(assignees.data ?? []).some((a) => a.id === incident.assigneeId) && (
            <option value={incident.assigneeId}>{incident.assigneeName ?? incident.assigneeId}</option>
          )}
          {(assignees.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.displayName === a.username ? a.username : `${a.displayName} (${a.username})`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <span className="field-label">Team</span>
        <span>{incident.teamName ?? '—'}</span>
      </div>
      <ErrorMessage error={mutation.error} />
    </div>
  );
}
