import type { AnonymizationJobDetail, DatasetView } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { runAnonymizationJob } from '../../api/data-protection.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { SPEC_EXAMPLE } from './anonymization-display.ts';

interface AnonymizationFormProps {
  readonly datasets: readonly DatasetView[];
  /** City-wide roles may run a job without naming a dataset. */
  readonly datasetOptional: boolean;
  readonly onRun: (job: AnonymizationJobDetail) => void;
}

/**
 * Runs an anonymisation job: a CSV file read in the browser and a spec in the CLI's YAML format, sent together.
 * The server answers when the job is done (refused and failed jobs are kept too, with their reason).
 */
export function AnonymizationForm({ datasets, datasetOptional, onRun }: AnonymizationFormProps) {
  const [name, setName] = useState('');
  const [datasetId, setDatasetId] = useState(datasetOptional ? '' : (datasets[0]?.id ?? ''));
  const [file, setFile] = useState<File | null>(null);
  const [spec, setSpec] = useState(SPEC_EXAMPLE);
  const mutation = useMutation();

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (file === null) return;
    const job = await mutation.run(async () =>
      runAnonymizationJob({
        name: name.trim() === '' ? file.name : name.trim(),
        csv: await file.text(),
        spec,
        ...(datasetId !== '' && { datasetId }),
      }),
    );
    if (job !== undefined) onRun(job);
  };

  return (
    <section className="panel" aria-labelledby="anonymize-title">
      <h2 id="anonymize-title">Run an anonymisation job</h2>
      <form className="form-grid" onSubmit={(event) => void onSubmit(event)} aria-label="Run an anonymisation job">
        <FormField
          id="anonymize-file"
          label="CSV file"
          hint="Header line first. The file is not kept, only the output."
        >
          <input
            id="anonymize-file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby={fieldHintId('anonymize-file')}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </FormField>
        <FormField id="anonymize-name" label="Name" hint="Defaults to the file name.">
          <input
            id="anonymize-name"
            maxLength={200}
            value={name}
            aria-describedby={fieldHintId('anonymize-name')}
            onChange={(event) => setName(event.target.value)}
          />
        </FormField>
        <FormField id="anonymize-dataset" label="Dataset">
          <select
            id="anonymize-dataset"
            value={datasetId}
            required={!datasetOptional}
            onChange={(event) => setDatasetId(event.target.value)}
          >
            {datasetOptional && <option value="">(none: city-wide)</option>}
            {datasets.map((dataset) => (
              <option key={dataset.id} value={dataset.id}>
                {dataset.name} ({dataset.id})
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          id="anonymize-spec"
          label="Spec (YAML)"
          hint="The format of citysoc privacy anonymize --config: direct identifiers, quasi-identifiers with their levels, sensitive columns, k, l, max_suppression, aggregates."
          wide
        >
          <textarea
            id="anonymize-spec"
            className="mono"
            rows={10}
            required
            spellCheck={false}
            value={spec}
            aria-describedby={fieldHintId('anonymize-spec')}
            onChange={(event) => setSpec(event.target.value)}
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending || file === null}>
            {mutation.pending ? 'Anonymising…' : 'Run'}
          </button>
        </div>
        <ErrorMessage error={mutation.error} />
      </form>
    </section>
  );
}
