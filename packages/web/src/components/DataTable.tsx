import type { ReactNode } from 'react';

/** One column of a DataTable: its heading and how a row fills its cell. */
export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  /** Class of the column's cells (`numeric`, `nowrap`, `mono` …); a `numeric` column's heading is right-aligned too. */
  readonly className?: string;
}

interface DataTableProps<T> {
  readonly label: string;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  /** Unique per row; include the position when the data may repeat. */
  readonly rowKey: (row: T, index: number) => string;
  /** Stable hook for end-to-end tests, set on every body row. */
  readonly rowTestId?: string;
  readonly rowClassName?: (row: T) => string | undefined;
  /** True while newer rows load: screen readers hear that the table is about to change. */
  readonly busy?: boolean;
  readonly className?: string;
}

/**
 * The dashboard's plain table: a heading row and one row per item. Cells are React nodes, so text from
 * the server (attacker-controlled in logs and inventories) is escaped by React like everywhere else.
 */
export function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  rowTestId,
  rowClassName,
  busy = false,
  className,
}: DataTableProps<T>) {
  return (
    <table className={className === undefined ? 'table' : `table ${className}`} aria-label={label} aria-busy={busy}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th
              key={column.header}
              scope="col"
              className={column.className?.includes('numeric') ? 'numeric' : undefined}
            >
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)} data-testid={rowTestId} className={rowClassName?.(row)}>
            {columns.map((column) => (
              <td key={column.header} className={column.className}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
