import { Link } from 'react-router';
import type { ScopedScore } from '../../api/posture-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { gapsPath } from './gap-filters.ts';
import { DIRECTION_TITLES, DIRECTIONS, scoreText, scoreTone } from './posture-display.ts';

/** A score cell: the number, coloured only as a repeat of what it says. */
export function ScoreCell({ score }: { score: number | null }) {
  const tone = scoreTone(score);
  return <span className={tone === 'neutral' ? undefined : `score-${tone}`}>{scoreText(score)}</span>;
}

const scoreColumns: readonly Column<ScopedScore>[] = [
  { header: 'Score', cell: (row) => <ScoreCell score={row.score} />, className: 'numeric' },
  ...DIRECTIONS.map((d): Column<ScopedScore> => ({
    header: DIRECTION_TITLES[d],
    cell: (row) => <ScoreCell score={row.directions[d]} />,
    className: 'numeric',
  })),
  {
    header: 'Passing',
    cell: (row) => `${row.passing.toLocaleString()} of ${row.results.toLocaleString()}`,
    className: 'numeric nowrap',
  },
];

/** Departments with their score and the five directions; a department opens its gaps. */
export function DepartmentScoreTable({
  rows,
  departmentName,
}: {
  rows: readonly ScopedScore[];
  departmentName: (id: string) => string;
}) {
  const columns: readonly Column<ScopedScore>[] = [
    {
      header: 'Department',
      cell: (row) => <Link to={gapsPath({ department: row.id })}>{departmentName(row.id)}</Link>,
    },
    ...scoreColumns,
  ];
  return (
    <DataTable
      label="Posture by department"
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
      rowTestId="posture-department-row"
    />
  );
}

/** Services, each scored on the assets it runs on (whichever department owns them). */
export function ServiceScoreTable({
  rows,
  serviceName,
}: {
  rows: readonly ScopedScore[];
  serviceName: (id: string) => string;
}) {
  const columns: readonly Column<ScopedScore>[] = [
    { header: 'Service', cell: (row) => <span title={row.id}>{serviceName(row.id)}</span> },
    ...scoreColumns,
  ];
  return (
    <DataTable
      label="Posture by service"
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
      rowTestId="posture-service-row"
    />
  );
}
