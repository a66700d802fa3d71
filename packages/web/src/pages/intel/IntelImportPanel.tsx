import { type ChangeEvent, useState, type SubmitEvent } from 'react';
import { importIntel } from '../../api/intel.ts';
import type { IntelImportSummary } from '../../api/intel-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';

/** The server's body limit is larger, but a file past this is better imported with `citysoc intel import`. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

type ImportError = IntelImportSummary['errors'][number];

const ERROR_COLUMNS: readonly Column<ImportError>[] = [
  { header: 'Object', cell: (error) => String(error.index), className: 'numeric' },
  { header: 'Id', cell: (error) => error.id ?? '—', className: 'mono break-anywhere' },
  { header: 'Refused because', cell: (error) => error.reason, className: 'rejection-reason' },
];

/** Imports a STIX 2.x file (bundle, envelope, array, NDJSON) into a source; needs intel.manage. */
export function IntelImportPanel({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('manual');
  const [confidence, setConfidence] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [summary, setSummary] = useState<IntelImportSummary | null>(null);
  const mutation = useMutation();

  const onFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const chosen = event.target.files?.[0] ?? null;
    setSummary(null);
    if (chosen !== null && chosen.size > MAX_FILE_BYTES) {
      setFile(null);
      setNote(`${chosen.name} is larger than 32 MB: import it with citysoc intel import instead.`);
      return;
    }
    setFile(chosen);
    setNote(null);
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (file === null) return;
    setSummary(null);
    const text = await file.text();
    const result = await mutation.run(() =>
      importIntel(text, {
        source: source.trim(),
        ...(confidence === '' ? {} : { confidence: Number(confidence) }),
      }),
    );
    if (result === undefined) return;
    setSummary(result);
    onImported();
  };

  return (
    <section className="panel" aria-labelledby="intel-import-title">
      <h2 id="intel-import-title">Import a file</h2>
      <form className="form-grid" aria-labelledby="intel-import-title" onSubmit={(event) => void onSubmit(event)}>
        <FormField id="intel-import-file" label="STIX file" hint={note ?? 'Bundle, TAXII envelope, array or NDJSON.'}>
          <input
            id="intel-import-file"
            type="file"
            accept=".json,.ndjson,.jsonl,.stix,application/json,application/stix+json"
            aria-describedby={fieldHintId('intel-import-file')}
            onChange={onFile}
          />
        </FormField>
        <FormField id="intel-import-source" label="Source" hint="Who the objects come from; a lowercase slug.">
          <input
            id="intel-import-source"
            required
            pattern="[a-z0-9][a-z0-9_.\-]{0,62}"
            value={source}
            aria-describedby={fieldHintId('intel-import-source')}
            onChange={(event) => setSource(event.target.value)}
          />
        </FormField>
        <FormField id="intel-import-confidence" label="Confidence (0–100)" hint="For objects that state none.">
          <input
            id="intel-import-confidence"
            type="number"
            min={0}
            max={100}
            value={confidence}
            aria-describedby={fieldHintId('intel-import-confidence')}
            onChange={(event) => setConfidence(event.target.value)}
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending || file === null}>
            Import
          </button>
          {mutation.pending && (
            <span className="muted" role="status">
              Importing…
            </span>
          )}
        </div>
      </form>
      <ErrorMessage error={mutation.error} />
      {summary !== null && (
        <>
          <p className="message message-good" role="status" data-testid="intel-import-summary">
            Imported {summary.objects.toLocaleString()} new or updated objects, of which{' '}
            {summary.indicators.toLocaleString()} indicators; {summary.rejected.toLocaleString()} refused.
          </p>
          {summary.errors.length > 0 && (
            <DataTable
              label="Refused objects"
              columns={ERROR_COLUMNS}
              rows={summary.errors}
              rowKey={(error, index) => `${index}:${error.id ?? ''}`}
              rowTestId="intel-import-error"
            />
          )}
        </>
      )}
    </section>
  );
}
