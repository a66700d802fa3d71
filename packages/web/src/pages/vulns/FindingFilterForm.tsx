import { listServices } from '../../api/city.ts';
import { listDepartments } from '../../api/endpoints.ts';
import { FindingStatus } from '../../api/vulns-schemas.ts';
import { FormField } from '../../components/FormField.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import { DUE_CHOICES, type FindingFilter, PRIORITIES, readFindingFilter } from './finding-filters.ts';
import { STATUS_TITLES } from './finding-display.ts';

const DUE_TITLES: Readonly<Record<(typeof DUE_CHOICES)[number], string>> = {
  '': 'Any',
  overdue: 'Overdue',
  '7d': 'Within 7 days',
};

interface FindingFilterFormProps {
  readonly filter: FindingFilter;
  readonly onChange: (filter: FindingFilter) => void;
}

/** A select's value read as an address would be, so the form accepts exactly what a link may say. */
const read = (key: string, value: string): FindingFilter => readFindingFilter(new URLSearchParams({ [key]: value }));

export function FindingFilterForm({ filter, onChange }: FindingFilterFormProps) {
  const { can } = useSession();
  const departments = useApiData(can('departments.read') ? listDepartments : null);
  const services = useApiData(listServices);
  const set =
    <K extends 'status' | 'priority' | 'department' | 'service' | 'due'>(key: K) =>
    (event: { target: { value: string } }) =>
      onChange({ ...filter, [key]: read(key, event.target.value)[key] });

  return (
    <form
      className="search-form"
      role="search"
      aria-label="Filter findings"
      onSubmit={(event) => event.preventDefault()}
    >
      <FormField id="finding-status" label="Status">
        <select id="finding-status" value={filter.status} onChange={set('status')}>
          <option value="all">All</option>
          {FindingStatus.options.map((status) => (
            <option key={status} value={status}>
              {STATUS_TITLES[status]}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="finding-priority" label="Priority">
        <select id="finding-priority" value={filter.priority} onChange={set('priority')}>
          <option value="">All</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {priority}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="finding-department" label="Department">
        <select id="finding-department" value={filter.department} onChange={set('department')}>
          <option value="">All</option>
          {(departments.data ?? []).map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="finding-service" label="Service">
        <select id="finding-service" value={filter.service} onChange={set('service')}>
          <option value="">All</option>
          {(services.data ?? []).map((service) => (
            <option key={service.id} value={service.id}>
              {service.name}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="finding-due" label="Due">
        <select id="finding-due" value={filter.due} onChange={set('due')}>
          {DUE_CHOICES.map((due) => (
            <option key={due} value={due}>
              {DUE_TITLES[due]}
            </option>
          ))}
        </select>
      </FormField>
      <label className="checkbox search-button">
        <input
          type="checkbox"
          checked={filter.kevOnly}
          onChange={(event) => onChange({ ...filter, kevOnly: event.target.checked })}
        />
        KEV only
      </label>
    </form>
  );
}
