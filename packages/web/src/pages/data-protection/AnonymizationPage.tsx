import type { AnonymizationJob } from '@citysoc/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { anonymizationOutputPath, listAnonymizationJobs, listDatasets } from '../../api/data-protection.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import {
  anonymizationJobPath,
  epsilonText,
  JOB_STATUS_CLASSES,
  JOB_STATUS_TITLES,
  lossText,
  suppressionText,
  targetText,
} from './anonymization-display.ts';
import { AnonymizationForm } from './AnonymizationForm.tsx';
import { DataProtectionHeader } from './DataProtectionNav.tsx';

function TargetCell({ job, which }: { job: AnonymizationJob; which: 'k' | 'l' }) {
  const { text, met } = targetText(job, which);
  return <span className={met === false ? 'text-bad' : undefined}>{text}</span>;
}

const COLUMNS: readonly Column<AnonymizationJob>[] = [
  {
    header: 'Job',
    cell: (j) => (
      <span>
        <Link to={anonymizationJobPath(j.id)} data-testid="anonymization-job-link">
          {j.name}
        </Link>{' '}
        {j.dataset_id !== null && <span className="muted mono">{j.dataset_id}</span>}
      </span>
    ),
  },
  {
    header: 'Status',
    cell: (j) => (
      <span>
        <span className={JOB_STATUS_CLASSES[j.status]}>{JOB_STATUS_TITLES[j.status]}</span>
        {j.reason !== null && <span className="muted request-purpose"> {j.reason}</span>}
      </span>
    ),
  },
  { header: 'Rows in → out', cell: (j) => `${j.rows_in} → ${j.rows_out ?? '—'}`, className: 'numeric nowrap' },
  { header: 'k achieved', cell: (j) => <TargetCell job={j} which="k" />, className: 'nowrap' },
  { header: 'l achieved', cell: (j) => <TargetCell job={j} which="l" />, className: 'nowrap' },
  { header: 'Suppressed', cell: (j) => suppressionText(j), className: 'nowrap' },
  { header: 'Information loss', cell: (j) => lossText(j.information_loss), className: 'numeric' },
  { header: 'DP budget', cell: (j) => epsilonText(j), className: 'nowrap' },
  {
    header: 'Run',
    cell: (j) => (
      <span>
        {j.requested_by} <span className="muted">{formatDateTime(j.created_at)}</span>
      </span>
    ),
  },
  {
    header: '',
    cell: (j) =>
      j.has_output ? (
        <a href={anonymizationOutputPath(j.id)} download={`anonymized-${j.id}.csv`}>
          Download CSV
        </a>
      ) : null,
    className: 'nowrap',
  },
];

/** /data-protection/anonymization: anonymisation jobs with their outcome against the targets, and a new job. */
export function AnonymizationPage() {
  const { can, session } = useSession();
  const allowed = can('privacy.anonymize');
  const jobs = useApiData(allowed ? listAnonymizationJobs : null);
  const datasets = useApiData(allowed ? listDatasets : null);
  const navigate = useNavigate();
  const [showForm, setShowForm] = useState(false);

  if (!allowed)
    return (
      <>
        <DataProtectionHeader title="Anonymisation" />
        <p className="empty-state">Anonymisation jobs are run by data owners and administrators.</p>
      </>
    );
  return (
    <>
      <DataProtectionHeader title="Anonymisation" />
      <p>
        Anonymised releases for open data: k-anonymity and l-diversity by generalisation and suppression, keyed
        pseudonyms, and differentially private aggregates. The same engine as <code>citysoc privacy anonymize</code>.
      </p>
      {!showForm && (
        <p>
          <button type="button" className="button-primary" onClick={() => setShowForm(true)}>
            New job
          </button>
        </p>
      )}
      {showForm && datasets.data !== undefined && (
        <AnonymizationForm
          datasets={datasets.data}
          datasetOptional={session.cityWide}
          onRun={(job) => void navigate(anonymizationJobPath(job.id))}
        />
      )}
      <ErrorMessage error={jobs.error ?? datasets.error} />
      {jobs.data !== undefined && jobs.data.length === 0 && <p className="empty-state">No anonymisation jobs yet.</p>}
      {jobs.data !== undefined && jobs.data.length > 0 && (
        <DataTable
          label="Anonymisation jobs"
          columns={COLUMNS}
          rows={jobs.data}
          rowKey={(j) => j.id}
          rowTestId="anonymization-row"
          busy={jobs.loading}
        />
      )}
    </>
  );
}
