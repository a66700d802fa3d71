import type { FlatField } from './event-fields.ts';

type OnFilter = (field: string, value: string) => void;

interface FieldTableProps {
  readonly fields: readonly FlatField[];
  /** Narrows the search to events with the row's field value. */
  readonly onFilter: OnFilter;
}

function FieldRow({ field, onFilter }: { field: FlatField; onFilter: OnFilter }) {
  const { path, value, queryField, placeholder } = field;
  return (
    <tr data-testid="event-field">
      <th scope="row" className="mono field-path">
        {path}
      </th>
      <td className={placeholder ? 'mono field-value muted' : 'mono field-value'}>{value}</td>
      <td className="nowrap">
        {queryField !== null && (
          <button
            type="button"
            className="button-link"
            // The field in the name tells screen-reader users which of the many identical buttons this is.
            aria-label={`Filter for value: ${queryField}`}
            onClick={() => onFilter(queryField, value)}
          >
            Filter for value
          </button>
        )}
      </td>
    </tr>
  );
}

/** An event's fields as dotted path and value; both come from the sender and are rendered as text only. */
export function FieldTable({ fields, onFilter }: FieldTableProps) {
  return (
    <table className="table field-table">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field, index) => (
          // Paths repeat for the elements of an array, so the position is part of the key.
          <FieldRow key={`${index}:${field.path}`} field={field} onFilter={onFilter} />
        ))}
      </tbody>
    </table>
  );
}
