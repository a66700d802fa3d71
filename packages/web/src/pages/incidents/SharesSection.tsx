import type { IncidentDetail } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { listDepartments } from '../../api/endpoints.ts';
import { shareIncident, unshareIncident } from '../../api/incidents.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';

interface Props {
  readonly incident: IncidentDetail;
  readonly canManage: boolean;
  readonly onChanged: () => void;
}

/**
 * The other departments the case is shared with. The cascade of an incident often crosses into services
 * another department runs; sharing lets its responders see and work the case without making it city-wide.
 */
export function SharesSection({ incident, canManage, onChanged }: Props) {
  const { can } = useSession();
  const navigate = useNavigate();
  const departmentName = useDepartmentName();
  const departments = useApiData(canManage && can('departments.read') ? listDepartments : null);
  const mutation = useMutation();
  const [departmentId, setDepartmentId] = useState('');
  const [reason, setReason] = useState('');
  const taken = new Set([incident.departmentId, ...incident.sharedWith.map((s) => s.departmentId)]);
  const choices = (departments.data ?? []).filter((d) => !taken.has(d.id));
  if (incident.departmentId === null) return null;

  const onShare = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if ((await mutation.run(() => shareIncident(incident.id, { departmentId, reason: reason.trim() }))) !== undefined) {
      setDepartmentId('');
      setReason('');
      onChanged();
    }
  };
  const onEnd = async (id: string): Promise<void> => {
    const result = await mutation.run(() => unshareIncident(incident.id, id));
    if (result === null) void navigate('/incidents');
    else if (result !== undefined) onChanged();
  };

  return (
    <section className="panel" aria-labelledby="incident-shares">
      <h2 id="incident-shares">Shared with</h2>
      {incident.sharedWith.length === 0 ? (
        <p className="muted">Only {departmentName(incident.departmentId)} works this case.</p>
      ) : (
        <ul>
          {incident.sharedWith.map((share) => (
            <li key={share.departmentId} data-testid="incident-share">
              {departmentName(share.departmentId)}{' '}
              <span className="muted">
                by {share.sharedBy}, {formatDateTime(share.sharedAt)}
                {share.reason !== '' && `: ${share.reason}`}
              </span>{' '}
              {canManage && (
                <button type="button" disabled={mutation.pending} onClick={() => void onEnd(share.departmentId)}>
                  Stop sharing with {departmentName(share.departmentId)}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && choices.length > 0 && (
        <form className="inline-form" aria-label="Share the case" onSubmit={(event) => void onShare(event)}>
          <label htmlFor="share-department">Department</label>
          <select id="share-department" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
            <option value="">Choose a department…</option>
            {choices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          <label htmlFor="share-reason">Why</label>
          <input id="share-reason" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" disabled={mutation.pending || departmentId === ''}>
            Share
          </button>
        </form>
      )}
      <ErrorMessage error={mutation.error ?? departments.error} />
    </section>
  );
}
