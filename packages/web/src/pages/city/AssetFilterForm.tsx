import { ASSET_TYPES, AssetStatus } from '@citysoc/core';
import { listDepartments } from '../../api/endpoints.ts';
import { FormField } from '../../components/FormField.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';

/** The assets table's filters; '' means any. */
export interface AssetFilter {
  readonly department: string;
  readonly type: string;
  readonly status: string;
  /** Part of a name or id, matched in the browser. */
  readonly text: string;
}

export const ASSET_FILTER_KEYS = [
  'department',
  'type',
  'status',
  'text',
] as const satisfies readonly (keyof AssetFilter)[];

interface AssetFilterFormProps {
  readonly filter: AssetFilter;
  readonly onChange: (filter: AssetFilter) => void;
}

/** Department, type and status filter on the server; the text box narrows what it answered. */
export function AssetFilterForm({ filter, onChange }: AssetFilterFormProps) {
  const { can } = useSession();
  const departments = useApiData(can('departments.read') ? listDepartments : null);
  return (
    <form className="search-form" role="search" aria-label="Filter assets" onSubmit={(event) => event.preventDefault()}>
      <FormField id="asset-filter-department" label="Department">
        <select
          id="asset-filter-department"
          value={filter.department}
          onChange={(event) => onChange({ ...filter, department: event.target.value })}
        >
          <option value="">All</option>
          {(departments.data ?? []).map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="asset-filter-type" label="Type">
        <select
          id="asset-filter-type"
          value={filter.type}
          onChange={(event) => onChange({ ...filter, type: event.target.value })}
        >
          <option value="">All</option>
          {ASSET_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="asset-filter-status" label="Status">
        <select
          id="asset-filter-status"
          value={filter.status}
          onChange={(event) => onChange({ ...filter, status: event.target.value })}
        >
          <option value="">All</option>
          {AssetStatus.options.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="asset-filter-text" label="Name or id">
        <input
          id="asset-filter-text"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={filter.text}
          onChange={(event) => onChange({ ...filter, text: event.target.value })}
        />
      </FormField>
    </form>
  );
}
