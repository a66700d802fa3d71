import type { Team } from '@citysoc/core';
import { useCallback, useState, type SubmitEvent } from 'react';
import { listTeamCandidates, updateTeam } from '../../api/casework.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField } from '../../components/FormField.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { moveItem } from './casework-display.ts';

/** An ISO time as a datetime-local value (the reader's time zone), and back. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * Members, lead and on-call rotation of one team. The rotation is an ordered list: members take turns in that
 * order, each for the shift length, from the start time.
 */
export function TeamEditor({ team, onSaved }: { team: Team; onSaved: () => void }) {
  const load = useCallback(() => listTeamCandidates(team.departmentId), [team.departmentId]);
  const candidates = useApiData(load);
  const mutation = useMutation();
  const [members, setMembers] = useState<string[]>(team.members.map((m) => m.id));
  const [lead, setLead] = useState(team.lead?.id ?? '');
  const [rotation, setRotation] = useState<string[]>(team.rotation?.members.map((m) => m.id) ?? []);
  const [startsAt, setStartsAt] = useState(toLocalInput(team.rotation?.startsAt ?? new Date().toISOString()));
  const [shiftHours, setShiftHours] = useState(team.rotation?.shiftHours ?? 168);
  const [adding, setAdding] = useState('');

  const people = new Map<string, string>([
    ...team.members.map((m) => [m.id, m.username] as const),
    ...(candidates.data ?? []).map((c) => [c.id, c.username] as const),
  ]);
  const nameOf = (id: string) => people.get(id) ?? id;
  const toggleMember = (id: string, on: boolean) => {
    setMembers(on ? [...members, id] : members.filter((m) => m !== id));
    if (!on) {
      setRotation(rotation.filter((r) => r !== id));
      if (lead === id) setLead('');
    }
  };

  const onSave = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const saved = await mutation.run(() =>
      updateTeam(team.id, {
        memberIds: members,
        leadId: lead === '' ? null : lead,
        rotation:
          rotation.length === 0 ? null : { userIds: rotation, startsAt: new Date(startsAt).toISOString(), shiftHours },
      }),
    );
    if (saved !== undefined) onSaved();
  };

  return (
    <form className="panel form-grid" aria-label={`Edit team ${team.name}`} onSubmit={(event) => void onSave(event)}>
      <h2 className="field-wide">{team.name}</h2>
      <fieldset className="field field-wide">
        <legend>Members</legend>
        {[...people.keys()].map((id) => (
          <label key={id} className="checkbox">
            <input
              type="checkbox"
              checked={members.includes(id)}
              onChange={(e) => toggleMember(id, e.target.checked)}
            />{' '}
            {nameOf(id)}
          </label>
        ))}
      </fieldset>
      <FormField id="team-lead" label="Lead" hint="Hears about SLA breaches of the team's incidents">
        <select id="team-lead" value={lead} onChange={(e) => setLead(e.target.value)}>
          <option value="">No lead</option>
          {members.map((id) => (
            <option key={id} value={id}>
              {nameOf(id)}
            </option>
          ))}
        </select>
      </FormField>
      <div className="field field-wide">
        <span>On-call rotation (in turn order)</span>
        <ol data-testid="rotation-list">
          {rotation.map((id, index) => (
            <li key={`${id}-${index}`}>
              {nameOf(id)}{' '}
              <button
                type="button"
                className="button-small"
                aria-label={`Move ${nameOf(id)} up`}
                onClick={() => setRotation(moveItem(rotation, index, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                className="button-small"
                aria-label={`Move ${nameOf(id)} down`}
                onClick={() => setRotation(moveItem(rotation, index, 1))}
              >
                ↓
              </button>
              <button
                type="button"
                className="button-small"
                aria-label={`Remove ${nameOf(id)} from the rotation`}
                onClick={() => setRotation(rotation.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <span className="inline-form">
          <select aria-label="Add to the rotation" value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">Choose a member…</option>
            {members.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={adding === ''}
            onClick={() => {
              setRotation([...rotation, adding]);
              setAdding('');
            }}
          >
            Add to rotation
          </button>
        </span>
      </div>
      <FormField id="rotation-start" label="Rotation starts">
        <input
          id="rotation-start"
          type="datetime-local"
          value={startsAt}
          onChange={(e) => setStartsAt(e.target.value)}
        />
      </FormField>
      <FormField id="rotation-shift" label="Shift length (hours)">
        <input
          id="rotation-shift"
          type="number"
          min={1}
          max={672}
          value={shiftHours}
          onChange={(e) => setShiftHours(Number(e.target.value))}
        />
      </FormField>
      <ErrorMessage error={candidates.error} />
      <ErrorMessage error={mutation.error} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={mutation.pending}>
          Save team
        </button>
      </div>
    </form>
  );
}
