import { useId } from 'react';
import { useAdminContext } from './admin-context.ts';

interface DepartmentCheckboxesProps {
  readonly legend: string;
  readonly selected: readonly string[];
  readonly onChange: (departmentIds: string[]) => void;
}

/** Department grants as one checkbox per visible department, each labelled by the department's name. */
export function DepartmentCheckboxes({ legend, selected, onChange }: DepartmentCheckboxesProps) {
  const { departments } = useAdminContext();
  const idPrefix = useId();
  // Sorted by name, digits as numbers ("Dept 2" before "Dept 10"): people look for a department by its name.
  const list = [...(departments.data ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }),
  );

  const toggle = (id: string, checked: boolean): void => {
    onChange(checked ? [...selected, id] : selected.filter((d) => d !== id));
  };

  return (
    <fieldset className="checkboxes">
      <legend>{legend}</legend>
      {list.length === 0 && <span className="muted">No departments to grant.</span>}
      {list.map((department) => {
        const id = `${idPrefix}-${department.id}`;
        return (
          <span key={department.id} className="checkbox">
            <input
              type="checkbox"
              id={id}
              checked={selected.includes(department.id)}
              onChange={(event) => toggle(department.id, event.target.checked)}
            />
            <label htmlFor={id} title={department.id}>
              {department.name}
            </label>
          </span>
        );
      })}
    </fieldset>
  );
}
