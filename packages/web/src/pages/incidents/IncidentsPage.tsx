import { type Incident, IncidentSeverity } from '@citysoc/core';
import { useCallback, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type IncidentCriteria, listIncidents, listTeams, updateIncident } from '../../api/incidents.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useLive } from '../../hooks/use-live.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { SLA_FILTERS } from './casework-display.ts';
import { IncidentsNav } from './IncidentsNav.tsx';
import { STATUS_LABELS } from './incident-display.ts';
import { IncidentStatusBadge, SeverityBadge } from './IncidentBadges.tsx';
import { SlaBadge, useNow } from './SlaBadge.tsx';

const REFRESH_MS = 30_000;
const STATUS_CHOICES = [
  { value: 'open', label: 'Open' },
  { value: '', label: 'All' },
  ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label })),
];

function criteriaOf(params: URLSearchParams): IncidentCriteria {
  const status = params.get('status') ?? 'open';
  const severity = IncidentSeverity.safeParse(params.get('severity'));
  return {
    ...(status !== '' && { status: status as IncidentCriteria['status'] }),
    ...(severity.success && { severity: severity.data }),
    ...(params.get('team') && { team: params.get('team') ?? '' }),
    ...(params.get('assignee') && { assignee: params.get('assignee') ?? '' }),
    ...(SLA_FILTERS.some((f) => f.value !== '' && f.value === params.get('sla')) && {
      sla: params.get('sla') as IncidentCriteria['sla'],
    }),
    ...(params.get('q') && { q: params.get('q') ?? '' }),
  };
}

/**
 * /incidents: the queue. Open cases first, by priority, each with its next SLA deadline counting down;
 * filters live in the address. Reloads when incidents or alerts change (live stream) and every 30 s.
 */
export function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const load = useCallback(() => listIncidents(criteriaOf(new URLSearchParams(key))), [key]);
  const list = useApiData(load, REFRESH_MS);
  useLive(['incidents', 'alerts'], list.reload);
  const now = useNow();
  const departmentName = useDepartmentName();
  const { can, session } = useSession();
  const canManage = can('incidents.manage');
  const teams = useApiData(listTeams);
  const assign = useMutation();
  const [q, setQ] = useState(params.get('q') ?? '');
  const setAssignment = async (incident: Incident, change: { assigneeId?: string; teamId?: string | null }) => {
    if ((await assign.run(() => updateIncident(incident.id, change))) !== undefined) list.reload();
  };

  const setParam = (name: string, value: string): void => {
    const next = new URLSearchParams(params);
    if (value === '' && name !== 'status') next.delete(name);
    else next.set(name, value);
    setParams(next);
  };
  const onSearch = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setParam('q', q.trim());
  };

  const columns: readonly Column<Incident>[] = [
    {
      header: 'Ref',
      cell: (i) => <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.ref}</Link>,
      className: 'nowrap',
    },
    { header: 'Title', cell: (i) => <span className="incident-title">{i.title}</span>, className: 'break-anywhere' },
    { header: 'Severity', cell: (i) => <SeverityBadge severity={i.severity} /> },
    { header: 'Priority', cell: (i) => i.priority },
    { header: 'Status', cell: (i) => <IncidentStatusBadge status={i.status} /> },
    { header: 'SLA', cell: (i) => <SlaBadge sla={i.sla} now={now} /> },
    { header: 'Department', cell: (i) => (i.departmentId === null ? 'City-wide' : departmentName(i.departmentId)) },
    {
      header: 'Assignee / team',
      cell: (i) => [i.assigneeName, i.teamName].filter((v) => v !== null).join(' · ') || '—',
    },
    ...(canManage
      ? [
          {
            header: 'Assign',
            cell: (i: Incident) =>
              i.status === 'closed' ? null : (
                <span className="form-actions">
                  {i.assigneeId !== session.user.id && (
                    <button
                      type="button"
                      className="button-small"
                      aria-label={`Assign ${i.ref} to me`}
                      disabled={assign.pending}
                      onClick={() => void setAssignment(i, { assigneeId: session.user.id })}
                    >
                      To me
                    </button>
                  )}
                  <select
                    aria-label={`Team of ${i.ref}`}
                    value={i.teamId ?? ''}
                    disabled={assign.pending}
                    onChange={(event) => void setAssignment(i, { teamId: event.target.value || null })}
                  >
                    <option value="">No team</option>
                    {(teams.data ?? [])
                      .filter((t) => t.departmentId === null || t.departmentId === i.departmentId)
                      .map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.name}
                        </option>
                      ))}
                  </select>
                </span>
              ),
          } satisfies Column<Incident>,
        ]
      : []),
    { header: 'Alerts', cell: (i) => i.alertCount.toLocaleString(), className: 'numeric' },
    { header: 'Updated', cell: (i) => formatDateTime(i.updatedAt), className: 'nowrap' },
  ];

  const rows = list.data ?? [];
  return (
    <>
      <div className="page-header">
        <h1>Incidents</h1>
        {can('incidents.manage') && (
          <Link to="/incidents/new" className="link-button button-primary">
            New incident
          </Link>
        )}
      </div>
      <IncidentsNav />
      <form className="search-form" role="search" aria-label="Filter incidents" onSubmit={onSearch}>
        <div className="field">
          <label htmlFor="incident-status">Status</label>
          <select
            id="incident-status"
            value={params.get('status') ?? 'open'}
            onChange={(event) => setParam('status', event.target.value)}
          >
            {STATUS_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-severity">Severity</label>
          <select
            id="incident-severity"
            value={params.get('severity') ?? ''}
            onChange={(event) => setParam('severity', event.target.value)}
          >
            <option value="">All</option>
            {IncidentSeverity.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-team">Team</label>
          <select
            id="incident-team"
            value={params.get('team') ?? ''}
            onChange={(event) => setParam('team', event.target.value)}
          >
            <option value="">All</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-assignee">Assignee</label>
          <select
            id="incident-assignee"
            value={params.get('assignee') ?? ''}
            onChange={(event) => setParam('assignee', event.target.value)}
          >
            <option value="">Anyone</option>
            <option value={session.user.id}>Me</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-sla">SLA</label>
          <select
            id="incident-sla"
            value={params.get('sla') ?? ''}
            onChange={(event) => setParam('sla', event.target.value)}
          >
            {SLA_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-q">Search</label>
          <input
            id="incident-q"
            type="search"
            maxLength={200}
            placeholder="Title or INC-12"
            value={q}
            onChange={(event) => setQ(event.target.value)}
          />
        </div>
        <button type="submit" className="search-button">
          Apply
        </button>
      </form>
      <ErrorMessage error={list.error} />
      <ErrorMessage error={assign.error} />
      {rows.length === 0 ? (
        !list.loading && list.error === undefined && <p className="empty-state">No incidents match these filters.</p>
      ) : (
        <DataTable
          label="Incidents"
          columns={columns}
          rows={rows}
          rowKey={(i) => i.id}
          rowTestId="incident-row"
          rowClassName={(i) => (i.sla.breached && i.status !== 'closed' ? 'row-breached' : undefined)}
          busy={list.loading}
        />
      )}
    </>
  );
}
