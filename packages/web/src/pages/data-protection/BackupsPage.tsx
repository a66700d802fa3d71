import type { BackupStatus } from '@citysoc/core';
import { fetchBackupStatus } from '../../api/data-protection.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { RESTORE_TITLES, rpoText, secondsText } from './data-protection-display.ts';
import { DataProtectionHeader } from './DataProtectionNav.tsx';

const REFRESH_MS = 60_000;

const columns: readonly Column<BackupStatus>[] = [
  {
    header: 'Dataset',
    cell: (s) => (
      <span>
        {s.name} <span className="muted mono">{s.dataset}</span>
      </span>
    ),
  },
  { header: 'Department', cell: (s) => s.department, className: 'mono' },
  {
    header: 'RPO',
    cell: (s) => {
      const rpo = rpoText(s);
      return <span className={rpo.bad ? 'text-bad' : undefined}>{rpo.text}</span>;
    },
  },
  {
    header: 'Last backup',
    cell: (s) =>
      s.last_job === null ? (
        <span className="muted">None reported</span>
      ) : (
        <span title={`${s.last_job.target} via ${s.last_job.source}`}>
          <span className={s.last_job.status === 'success' ? 'badge badge-good' : 'badge badge-bad'}>
            {s.last_job.status}
          </span>{' '}
          {formatDateTime(s.last_job.at)}
        </span>
      ),
  },
  {
    header: 'Restore test',
    cell: (s) => (
      <span>
        <span className={s.restore_status === 'ok' || s.restore_status === 'not_tracked' ? 'muted' : 'text-bad'}>
          {s.restore_status === 'ok' && s.last_restore_test === null
            ? 'Not yet tested'
            : RESTORE_TITLES[s.restore_status]}
        </span>
        {s.last_restore_test !== null && (
          <span className="muted">
            {' '}
            {formatDateTime(s.last_restore_test.at)}
            {s.last_restore_test.duration_seconds !== null &&
              `, took ${secondsText(s.last_restore_test.duration_seconds)}`}
          </span>
        )}
      </span>
    ),
  },
  { header: 'RTO', cell: (s) => secondsText(s.rto_seconds), className: 'nowrap' },
  {
    header: 'Problems',
    cell: (s) => (s.problems.length === 0 ? <span className="muted">—</span> : s.problems.join('; ')),
  },
];

/** /data-protection/backups: each dataset's newest successful backup against its RPO, and restore tests. */
export function BackupsPage() {
  const status = useApiData(fetchBackupStatus, REFRESH_MS);
  const late = (status.data ?? []).filter((s) => s.rpo_status === 'late').length;
  return (
    <>
      <DataProtectionHeader title="Backups and recovery" />
      <ErrorMessage error={status.error} />
      {status.data !== undefined && (
        <p className="toolbar" data-testid="backup-summary">
          {late === 0 ? 'Every tracked dataset is within its RPO.' : `${late} dataset(s) past their RPO.`}
        </p>
      )}
      {status.data !== undefined && status.data.length > 0 && (
        <DataTable
          label="Backup status"
          columns={columns}
          rows={status.data}
          rowKey={(s) => s.dataset}
          rowTestId="backup-row"
          busy={status.loading}
        />
      )}
    </>
  );
}
