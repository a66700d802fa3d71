import type { RuleRejectionInfo } from '@citysoc/core';
import { type Column, DataTable } from '../../components/DataTable.tsx';

const COLUMNS: readonly Column<RuleRejectionInfo>[] = [
  { header: 'File', cell: (refusal) => refusal.file ?? '—', className: 'mono break-anywhere' },
  { header: 'Rule id', cell: (refusal) => refusal.id ?? '—', className: 'mono break-anywhere' },
  { header: 'Reason', cell: (refusal) => refusal.reason, className: 'rejection-reason' },
];

/** Rules the server would not load, with its reason. File, id and reason are shown as text only. */
export function RuleRefusalTable({ refused, label }: { refused: readonly RuleRejectionInfo[]; label: string }) {
  return (
    <DataTable
      label={label}
      columns={COLUMNS}
      rows={refused}
      // Neither file nor id is unique or even present for every refusal; the position keeps keys unique.
      rowKey={(refusal, index) => `${index}:${refusal.file ?? ''}:${refusal.id ?? ''}`}
    />
  );
}
