import type { EvidenceFile } from '@citysoc/core';
import { useRef, useState, type SubmitEvent } from 'react';
import { evidencePath, uploadEvidence } from '../../api/casework.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { formatBytes } from './casework-display.ts';

interface Props {
  readonly incidentId: string;
  readonly evidence: readonly EvidenceFile[];
  readonly canManage: boolean;
  readonly onChanged: () => void;
}

/**
 * The case's evidence files with their SHA-256. Files are only ever downloaded (the server sends them as
 * attachments); nothing here previews them, because evidence is made by the attacker.
 */
export function EvidenceSection({ incidentId, evidence, canManage, onChanged }: Props) {
  const mutation = useMutation();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<File | null>(null);

  const onUpload = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (chosen === null) return;
    if ((await mutation.run(() => uploadEvidence(incidentId, chosen))) !== undefined) {
      setChosen(null);
      if (input.current) input.current.value = '';
      onChanged();
    }
  };

  const columns: readonly Column<EvidenceFile>[] = [
    {
      header: 'File',
      cell: (e) => (
        <a href={evidencePath(incidentId, e.id)} download={e.name} data-testid="evidence-download">
          {e.name}
        </a>
      ),
      className: 'break-anywhere',
    },
    { header: 'Size', cell: (e) => formatBytes(e.size), className: 'numeric nowrap' },
    { header: 'SHA-256', cell: (e) => <code className="break-anywhere">{e.sha256}</code> },
    { header: 'Uploaded', cell: (e) => `${formatDateTime(e.uploadedAt)} by ${e.uploadedBy}`, className: 'nowrap' },
  ];

  return (
    <section className="panel" aria-labelledby="incident-evidence">
      <h2 id="incident-evidence">Evidence</h2>
      {evidence.length === 0 ? (
        <p className="muted">No evidence files yet.</p>
      ) : (
        <DataTable
          label="Evidence files"
          columns={columns}
          rows={evidence}
          rowKey={(e) => e.id}
          rowTestId="evidence-row"
        />
      )}
      {canManage && (
        <form className="inline-form" aria-label="Attach evidence" onSubmit={(event) => void onUpload(event)}>
          <label htmlFor="evidence-file">Attach a file</label>
          <input
            id="evidence-file"
            ref={input}
            type="file"
            onChange={(event) => setChosen(event.target.files?.[0] ?? null)}
          />
          <button type="submit" disabled={mutation.pending || chosen === null}>
            {mutation.pending ? 'Uploading…' : 'Upload'}
          </button>
        </form>
      )}
      <ErrorMessage error={mutation.error} />
    </section>
  );
}
