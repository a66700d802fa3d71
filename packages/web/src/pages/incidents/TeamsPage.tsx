import type { Team } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { listDepartments } from '../../api/endpoints.ts';
import { createTeam } from '../../api/casework.ts';
import { listTeams } from '../../api/incidents.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField } from '../../components/FormField.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { describeOnCall } from './casework-display.ts';
import { IncidentsNav } from './IncidentsNav.tsx';
import { TeamEditor } from './TeamEditor.tsx';

const CITY_WIDE = '*';
const REFRESH_MS = 60_000;

/**
 * /incidents/teams: the specialist teams (network, OT/SCADA, data protection, physical security) with their lead,
 * who is on call now and the rotation. Managers create teams and edit members, lead and rotation.
 */
export function TeamsPage() {
  const teams = useApiData(listTeams, REFRESH_MS);
  const { can, session } = useSession();
  const canManage = can('incidents.manage');
  const departments = useApiData(can('departments.read') ? listDepartments : null);
  const departmentName = useDepartmentName();
  const mutation = useMutation();
  const [name, setName] = useState('');
  const [department, setDepartment] = useState(session.cityWide ? CITY_WIDE : '');
  const [editing, setEditing] = useState<string | null>(null);

  const onCreate = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const departmentId = department === CITY_WIDE ? null : department === '' ? undefined : department;
    const created = await mutation.run(() =>
      createTeam({ name: name.trim(), ...(departmentId !== undefined && { departmentId }) }),
    );
    if (created !== undefined) {
      setName('');
      setEditing(created.id);
      teams.reload();
    }
  };

  const columns: readonly Column<Team>[] = [
    { header: 'Team', cell: (t) => t.name, className: 'break-anywhere' },
    { header: 'Department', cell: (t) => (t.departmentId === null ? 'City-wide' : departmentName(t.departmentId)) },
    { header: 'Lead', cell: (t) => t.lead?.username ?? '—' },
    { header: 'On call now', cell: (t) => describeOnCall(t, (iso) => formatDateTime(iso)) },
    {
      header: 'Rotation',
      cell: (t) => (t.rotation === null ? '—' : `${t.rotation.members.map((m) => m.username).join(' → ')}`),
      className: 'break-anywhere',
    },
    { header: 'Members', cell: (t) => t.members.length.toLocaleString(), className: 'numeric' },
    ...(canManage
      ? [
          {
            header: 'Actions',
            cell: (t: Team) => (
              <button
                type="button"
                className="button-small"
                aria-label={`Edit team ${t.name}`}
                onClick={() => setEditing(editing === t.id ? null : t.id)}
              >
                {editing === t.id ? 'Close' : 'Edit'}
              </button>
            ),
          } satisfies Column<Team>,
        ]
      : []),
  ];

  const rows = teams.data ?? [];
  const selected = rows.find((t) => t.id === editing);
  return (
    <>
      <div className="page-header">
        <h1>Teams</h1>
      </div>
      <IncidentsNav />
      <ErrorMessage error={teams.error} />
      {rows.length === 0 ? (
        !teams.loading && <p className="empty-state">No teams yet.</p>
      ) : (
        <DataTable label="Teams" columns={columns} rows={rows} rowKey={(t) => t.id} rowTestId="team-row" />
      )}
      {selected !== undefined && (
        <TeamEditor
          key={selected.id}
          team={selected}
          onSaved={() => {
            teams.reload();
          }}
        />
      )}
      {canManage && (
        <form className="form-grid panel" aria-label="New team" onSubmit={(event) => void onCreate(event)}>
          <h2 className="field-wide">New team</h2>
          <FormField id="team-name" label="Name">
            <input id="team-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </FormField>
          <FormField id="team-department" label="Department">
            <select id="team-department" value={department} onChange={(e) => setDepartment(e.target.value)}>
              {session.cityWide ? (
                <option value={CITY_WIDE}>City-wide</option>
              ) : (
                <option value="">My department</option>
              )}
              {(departments.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </FormField>
          <ErrorMessage error={mutation.error} />
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={mutation.pending || name.trim() === ''}>
              Create team
            </button>
          </div>
        </form>
      )}
    </>
  );
}
