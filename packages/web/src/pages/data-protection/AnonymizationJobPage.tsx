import type { AnonymizationJobDetail } from '@citysoc/core';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { anonymizationOutputPath, fetchAnonymizationJob } from '../../api/data-protection.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { DetailItem } from '../../components/DetailItem.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import {
  epsilonText,
  groupText,
  JOB_STATUS_CLASSES,
  JOB_STATUS_TITLES,
  levelRows,
  lossText,
  percent,
  type ReportDetails,
  reportDetails,
  suppressionText,
  targetText,
} from './anonymization-display.ts';
import { DataProtectionHeader } from './DataProtectionNav.tsx';

function Summary({ job }: { job: AnonymizationJobDetail }) {
  const details = reportDetails(job.report);
  return (
    <dl className="detail-list" aria-label="Outcome">
      <DetailItem label="Status">
        <span className={JOB_STATUS_CLASSES[job.status]} data-testid="anonymization-status">
          {JOB_STATUS_TITLES[job.status]}
        </span>
      </DetailItem>
      <DetailItem label={job.status === 'failed' ? 'Why it failed' : 'Why refused'}>{job.reason}</DetailItem>
      <DetailItem label="Dataset">{job.dataset_id}</DetailItem>
      <DetailItem label="Run by">
        {job.requested_by} · {formatDateTime(job.created_at)} · {Math.round(job.duration_ms)} ms
      </DetailItem>
      <DetailItem label="Rows">
        {job.rows_in} in → {job.rows_out ?? '—'} published
        {details !== null && ` · ${details.malformed_rows ?? 0} malformed · ${details.rejected_rows ?? 0} rejected`}
      </DetailItem>
      <DetailItem label="k achieved">{targetText(job, 'k').text}</DetailItem>
      <DetailItem label="l achieved">{targetText(job, 'l').text}</DetailItem>
      <DetailItem label="Suppressed">{suppressionText(job)}</DetailItem>
      <DetailItem label="Information loss">
        {job.information_loss === null
          ? null
          : `${lossText(job.information_loss)} (Loss Metric)${
              details?.information_loss
                ? ` · precision ${lossText(details.information_loss.precision)} · discernibility ${details.information_loss.discernibility}`
                : ''
            }`}
      </DetailItem>
      <DetailItem label="Equivalence classes">{details?.equivalence_classes ?? null}</DetailItem>
      <DetailItem label="DP budget">{job.epsilon === null ? null : epsilonText(job)}</DetailItem>
      <DetailItem label="Algorithm">{details?.algorithm}</DetailItem>
    </dl>
  );
}

function ReportTables({ details }: { details: ReportDetails }) {
  const levels = levelRows(details);
  const identifiers = Object.entries(details.direct_identifiers ?? {});
  return (
    <>
      {details.refusal && (
        <section className="panel" aria-labelledby="refusal-title">
          <h2 id="refusal-title">What could be met</h2>
          <p>
            Unmet: {details.refusal.unmet.join(', ')}. Even at the coarsest levels,{' '}
            {percent(details.refusal.min_suppression_rate)} of the rows would need suppressing. Best k within the
            suppression limit: {details.refusal.best_k}; best l: {details.refusal.best_l}.
          </p>
        </section>
      )}
      {levels.length > 0 && (
        <section className="panel" aria-labelledby="levels-title">
          <h2 id="levels-title">Generalisation per quasi-identifier</h2>
          <DataTable
            label="Generalisation levels"
            columns={[
              { header: 'Column', cell: (r) => r.column, className: 'mono' },
              { header: 'Level', cell: (r) => r.level, className: 'nowrap' },
              { header: 'Rule', cell: (r) => r.rule },
              { header: 'Information loss', cell: (r) => r.loss, className: 'numeric' },
            ]}
            rows={levels}
            rowKey={(r) => r.column}
          />
        </section>
      )}
      {identifiers.length > 0 && (
        <p>
          Direct identifiers: {identifiers.map(([column, handling]) => `${column} ${handling}`).join('; ')}.
          {details.other_columns && details.other_columns.columns.length > 0 && (
            <>
              {' '}
              Other columns ({details.other_columns.handling === 'keep' ? 'published unchanged' : 'dropped'}):{' '}
              {details.other_columns.columns.join(', ')}.
            </>
          )}
        </p>
      )}
      {(details.aggregates ?? []).map((aggregate) => (
        <section key={aggregate.name} className="panel" aria-label={`Aggregate ${aggregate.name}`}>
          <h2>
            {aggregate.name}: {aggregate.measure}, {aggregate.mechanism} noise, ε {aggregate.epsilon}
          </h2>
          <DataTable
            label={`Released groups of ${aggregate.name}`}
            columns={[
              { header: 'Group', cell: (g) => groupText(g.group) },
              { header: 'Released value', cell: (g) => g.value.toFixed(2), className: 'numeric' },
            ]}
            rows={aggregate.groups}
            rowKey={(g, i) => `${i}-${groupText(g.group)}`}
          />
        </section>
      ))}
      {(details.problems ?? []).length > 0 && (
        <section className="panel" aria-labelledby="problems-title">
          <h2 id="problems-title">Rows not used</h2>
          <DataTable
            label="Problems"
            columns={[
              { header: 'Line', cell: (p) => p.line, className: 'numeric' },
              { header: 'Reason', cell: (p) => p.reason },
            ]}
            rows={details.problems ?? []}
            rowKey={(p, i) => `${i}-${p.line}`}
          />
        </section>
      )}
    </>
  );
}

/** /data-protection/anonymization/:id: one job with its full report, its spec and the output to download. */
export function AnonymizationJobPage() {
  const { id = '' } = useParams();
  const load = useCallback(() => fetchAnonymizationJob(id), [id]);
  const job = useApiData(load);
  const details = job.data === undefined ? null : reportDetails(job.data.report);

  return (
    <>
      <DataProtectionHeader title={job.data?.name ?? 'Anonymisation job'} />
      <p>
        <Link to="/data-protection/anonymization">← All anonymisation jobs</Link>
      </p>
      <ErrorMessage error={job.error} />
      {job.data !== undefined && (
        <>
          {job.data.has_output && (
            <p>
              <a
                className="button-primary"
                href={anonymizationOutputPath(job.data.id)}
                download={`anonymized-${job.data.id}.csv`}
                data-testid="anonymization-download"
              >
                Download the anonymised CSV
              </a>
            </p>
          )}
          <Summary job={job.data} />
          {details !== null && <ReportTables details={details} />}
          <section className="panel" aria-labelledby="spec-title">
            <h2 id="spec-title">Spec</h2>
            <pre className="mono">{job.data.spec}</pre>
          </section>
          {job.data.report !== null && (
            <details className="panel">
              <summary>Full report (JSON)</summary>
              <pre className="mono" data-testid="anonymization-report">
                {JSON.stringify(job.data.report, null, 2)}
              </pre>
            </details>
          )}
        </>
      )}
    </>
  );
}
