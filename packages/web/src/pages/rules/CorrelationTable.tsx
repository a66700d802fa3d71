import type { CorrelationListEntry } from '@citysoc/core';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { LevelBadge } from '../alerts/AlertBadges.tsx';
import { conditionText, sourceText, stateText } from './rule-display.ts';

const COLUMNS: readonly Column<CorrelationListEntry>[] = [
  {
    header: 'Title',
    cell: (c) => (
      <>
        {c.title}
        <div className="muted mono break-anywhere">{c.id}</div>
      </>
    ),
    className: 'alert-title',
  },
  { header: 'Level', cell: (c) => <LevelBadge level={c.level} /> },
  { header: 'Type', cell: (c) => `${c.type.replace('_', ' ')} over ${c.timespan}` },
  { header: 'Rules', cell: (c) => c.rules.join(', '), className: 'mono break-anywhere' },
  { header: 'Threshold as written', cell: (c) => conditionText(c.condition) },
  {
    header: 'Threshold in force',
    cell: (c) => <span data-testid="effective-threshold">{conditionText(c.effectiveCondition)}</span>,
  },
  { header: 'State', cell: (c) => <span title={c.state.inactiveReason ?? ''}>{stateText(c.state)}</span> },
  { header: 'Source', cell: (c) => sourceText(c.state) },
];

/** Correlation rules, with the threshold the security stance puts in force. Values are rendered as text. */
export function CorrelationTable({ correlations }: { correlations: readonly CorrelationListEntry[] }) {
  return (
    <DataTable
      label="Correlation rules"
      columns={COLUMNS}
      rows={correlations}
      rowKey={(c, index) => `${index}:${c.id}`}
      rowTestId="correlation-row"
    />
  );
}
