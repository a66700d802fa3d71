import { IncidentSeverity } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { listDepartments } from '../../api/endpoints.ts';
import { createIncident } from '../../api/incidents.ts';
import { listIncidentTemplates } from '../../api/casework.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField } from '../../components/FormField.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';

const CITY_WIDE = '*';

/** /incidents/new: open a case by hand (alerts are escalated from the Alerts page or the case itself). */
export function NewIncidentPage() {
  const navigate = useNavigate();
  const { can, session } = useSession();
  const departments = useApiData(can('departments.read') ? listDepartments : null);
  const mutation = useMutation();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<IncidentSeverity>('medium');
  const [department, setDepartment] = useState('');
  const templates = useApiData(listIncidentTemplates);
  const [type, setType] = useState('');
  const template = (templates.data ?? []).find((t) => t.type === type);
  const chooseType = (value: string): void => {
    setType(value);
    const chosen = (templates.data ?? []).find((t) => t.type === value);
    if (chosen) setSeverity(chosen.severity);
  };
  const { cityWide } = session;

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const created = await mutation.run(() =>
      createIncident({
        title: title.trim(),
        description,
        severity,
        ...(type !== '' && { type }),
        ...(department !== '' && { departmentId: department === CITY_WIDE ? null : department }),
      }),
    );
    if (created !== undefined) void navigate(`/incidents/${encodeURIComponent(created.id)}`);
  };

  return (
    <>
      <div className="page-header">
        <h1>New incident</h1>
        <Link to="/incidents" className="page-meta">
          Back to the queue
        </Link>
      </div>
      <form className="form-grid panel" aria-label="New incident" onSubmit={(event) => void onSubmit(event)}>
        <FormField
          id="incident-type"
          label="Type"
          wide
          hint={
            template === undefined
              ? 'A type pre-fills severity, team and a checklist of tasks'
              : `${template.titlePrefix}… · ${template.tasks.length} tasks${template.team ? ` · team ${template.team}` : ''}: ${template.tasks.map((t) => t.title).join('; ')}`
          }
        >
          <select id="incident-type" value={type} onChange={(event) => chooseType(event.target.value)}>
            <option value="">No template</option>
            {(templates.data ?? []).map((t) => (
              <option key={t.type} value={t.type}>
                {t.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="incident-title" label="Title" wide>
          <input
            id="incident-title"
            required
            maxLength={300}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        </FormField>
        <FormField id="incident-severity-new" label="Severity">
          <select
            id="incident-severity-new"
            value={severity}
            onChange={(event) => setSeverity(IncidentSeverity.parse(event.target.value))}
          >
            {IncidentSeverity.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="incident-department" label="Department" hint="Who owns the case and sees it">
          <select id="incident-department" value={department} onChange={(event) => setDepartment(event.target.value)}>
            <option value="">{cityWide ? 'Choose…' : 'My department'}</option>
            {cityWide && <option value={CITY_WIDE}>City-wide</option>}
            {(departments.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="incident-description" label="Description" wide>
          <textarea
            id="incident-description"
            rows={5}
            maxLength={20_000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </FormField>
        <ErrorMessage error={mutation.error} />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending || title.trim() === ''}>
            Open incident
          </button>
        </div>
      </form>
    </>
  );
}
