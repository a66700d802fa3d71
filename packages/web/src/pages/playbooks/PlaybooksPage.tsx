import type { PlaybookSummary } from '@citysoc/core';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { describeKinds } from './playbook-display.ts';
import { fetchPlaybook, fetchPlaybookCatalogue } from './playbooks-api.ts';

function PlaybookSteps({ id }: { id: string }) {
  const load = useCallback(() => fetchPlaybook(id), [id]);
  const detail = useApiData(load);
  if (detail.data === undefined) return <ErrorMessage error={detail.error} />;
  const { playbook, file } = detail.data;
  return (
    <section className="panel" aria-labelledby="playbook-detail">
      <h2 id="playbook-detail">
        {playbook.title} <span className="muted">v{playbook.version}</span>
      </h2>
      <p className="muted">content/playbooks/{file}</p>
      {playbook.description !== '' && <p>{playbook.description}</p>}
      <h3>Triggers</h3>
      {playbook.triggers.length === 0 ? (
        <p className="muted">Started by hand only.</p>
      ) : (
        <ul>
          {playbook.triggers.map((trigger, index) => (
            <li key={index} className="mono">
              {Object.entries(trigger)
                .filter(([, value]) => value !== undefined)
                .map(([key, value]) => `${key}: ${String(value)}`)
                .join(', ')}
            </li>
          ))}
        </ul>
      )}
      <h3>Steps</h3>
      <ol>
        {playbook.steps.map((step) => (
          <li key={step.id}>
            <strong>{step.title ?? step.id}</strong> <span className="badge">{step.kind}</span>
            {step.for_each !== undefined && <span className="muted"> for each of {step.for_each}</span>}
            {step.when !== undefined && <span className="muted"> · only when {JSON.stringify(step.when)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** /incidents/playbooks: the response procedures CitySOC runs, what starts them, and what each does. */
export function PlaybooksPage() {
  const catalogue = useApiData(fetchPlaybookCatalogue);
  const [open, setOpen] = useState<string | null>(null);
  const columns: readonly Column<PlaybookSummary>[] = [
    {
      header: 'Playbook',
      cell: (p) => (
        <button type="button" className="link-button" onClick={() => setOpen(p.id)}>
          {p.title}
        </button>
      ),
    },
    { header: 'Version', cell: (p) => `v${p.version}`, className: 'numeric' },
    { header: 'Starts', cell: (p) => (p.autoStart ? 'Automatically on matching incidents' : 'By hand') },
    { header: 'Does', cell: (p) => describeKinds(p.stepKinds) },
    { header: 'Steps', cell: (p) => p.stepCount, className: 'numeric' },
  ];
  const rejected = catalogue.data?.rejected ?? [];
  return (
    <>
      <div className="page-header">
        <h1>Playbooks</h1>
        <Link to="/incidents" className="page-meta">
          Back to the queue
        </Link>
      </div>
      <p className="muted">
        Response procedures as data (content/playbooks). Destructive steps — isolating an asset, blocking an indicator —
        wait for a person allowed to contain, who sees the cascade impact first.
      </p>
      <ErrorMessage error={catalogue.error} />
      <DataTable
        label="Playbooks"
        columns={columns}
        rows={catalogue.data?.playbooks ?? []}
        rowKey={(p) => p.id}
        rowTestId="playbook-row"
      />
      {rejected.length > 0 && (
        <section className="panel" aria-labelledby="playbooks-rejected">
          <h2 id="playbooks-rejected">Refused files</h2>
          <ul>
            {rejected.map((e) => (
              <li key={`${e.file}:${e.path}:${e.line ?? ''}`} className="mono break-anywhere">
                {e.file}
                {e.line === null ? '' : `:${e.line}`} {e.path} {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {open !== null && <PlaybookSteps id={open} />}
    </>
  );
}
