import type { PostureControl, ScopedScore } from '../../api/posture-schemas.ts';
import { FormField } from '../../components/FormField.tsx';
import { type GapFilter, readGapFilter } from './gap-filters.ts';
import { DIRECTION_TITLES, DIRECTIONS, GAP_STATUS_TITLES, GAP_STATUSES } from './posture-display.ts';

interface GapFilterFormProps {
  readonly filter: GapFilter;
  readonly onChange: (filter: GapFilter) => void;
  /** The departments of the report: the ones the user sees. */
  readonly departments: readonly ScopedScore[];
  readonly departmentName: (id: string) => string;
  readonly controls: readonly PostureControl[];
}

/** A select's value read as an address would be, so the form accepts exactly what a link may say. */
const read = (key: keyof GapFilter, value: string): GapFilter => readGapFilter(new URLSearchParams({ [key]: value }));

export function GapFilterForm({ filter, onChange, departments, departmentName, controls }: GapFilterFormProps) {
  const set = (key: keyof GapFilter) => (event: { target: { value: string } }) =>
    onChange({ ...filter, [key]: read(key, event.target.value)[key] });
  const shownControls = controls.filter((c) => filter.direction === '' || c.direction === filter.direction);

  return (
    <form className="search-form" role="search" aria-label="Filter gaps" onSubmit={(event) => event.preventDefault()}>
      <FormField id="gap-direction" label="Direction">
        <select id="gap-direction" value={filter.direction} onChange={set('direction')}>
          <option value="">All</option>
          {DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {DIRECTION_TITLES[d]}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="gap-department" label="Department">
        <select id="gap-department" value={filter.department} onChange={set('department')}>
          <option value="">All</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {departmentName(d.id)}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="gap-status" label="Status">
        <select id="gap-status" value={filter.status} onChange={set('status')}>
          <option value="">All</option>
          {GAP_STATUSES.map((s) => (
            <option key={s} value={s}>
              {GAP_STATUS_TITLES[s]}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="gap-control" label="Control">
        <select id="gap-control" value={filter.control} onChange={set('control')}>
          <option value="">All</option>
          {/* A control chosen through a link stays selectable even if it is not in the catalogue list. */}
          {filter.control !== '' && !shownControls.some((c) => c.id === filter.control) && (
            <option value={filter.control}>{filter.control}</option>
          )}
          {shownControls.map((c) => (
            <option key={c.id} value={c.id}>
              {c.id} · {c.title}
            </option>
          ))}
        </select>
      </FormField>
      {(filter.direction !== '' || filter.department !== '' || filter.status !== '' || filter.control !== '') && (
        <button
          type="button"
          className="search-button"
          onClick={() => onChange({ direction: '', department: '', status: '', control: '' })}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
