import { type ChangeEvent, useState, type SubmitEvent } from 'react';
import { importInventory } from '../../api/city.ts';
import { type ImportSummary, type InventoryProblem, inventoryProblemsOf } from '../../api/city-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';

/** The server refuses larger files; the box stops there rather than send a request bound to fail. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

const PROBLEM_COLUMNS: readonly Column<InventoryProblem>[] = [
  { header: 'Line', cell: (p) => (p.line === undefined ? '—' : String(p.line)), className: 'numeric' },
  {
    header: 'Where',
    cell: (p) => (p.path.length === 0 ? '(file)' : p.path.join('.')),
    className: 'mono break-anywhere',
  },
  { header: 'Problem', cell: (p) => p.reason, className: 'rejection-reason' },
];

function summaryText(summary: ImportSummary): string {
  const part = (name: string, counted: { created: number; updated: number }) =>
    `${name}: ${counted.created} created, ${counted.updated} updated`;
  return [
    part('Departments', summary.departments),
    part('services', summary.services),
    part('assets', summary.assets),
  ].join('; ');
}

/**
 * Imports an inventory file, pasted or chosen from disk. All or nothing: a refused file changes nothing, and
 * every problem is listed with its line so it can be fixed in one pass. Render only with inventory.manage.
 */
export function ImportPanel() {
  const [text, setText] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const mutation = useMutation();
  const problems = inventoryProblemsOf(mutation.error?.details);

  const onFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileNote(`${file.name} is larger than 64 MB, which the server refuses.`);
      return;
    }
    setText(await file.text());
    setFileNote(`Loaded ${file.name}. Check it below, then import.`);
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setSummary(null);
    const result = await mutation.run(() => importInventory(text));
    if (result === undefined) return;
    setSummary(result);
  };

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import an inventory file</h2>
      <form className="form-grid" onSubmit={(event) => void onSubmit(event)} aria-labelledby="import-title">
        <FormField id="import-file" label="File (YAML or JSON)" hint={fileNote ?? undefined}>
          <input
            id="import-file"
            type="file"
            accept=".yaml,.yml,.json,application/yaml,application/json,text/yaml"
            aria-describedby={fileNote === null ? undefined : fieldHintId('import-file')}
            onChange={(event) => void onFile(event)}
          />
        </FormField>
        <FormField
          id="import-text"
          label="Inventory"
          hint="Departments, services and assets; existing ones with the same id are replaced."
          wide
        >
          <textarea
            id="import-text"
            className="mono rule-yaml"
            rows={14}
            spellCheck={false}
            autoComplete="off"
            required
            value={text}
            aria-describedby={fieldHintId('import-text')}
            onChange={(event) => setText(event.target.value)}
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending || text.trim() === ''}>
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
      {problems.length > 0 && (
        <DataTable
          label="Problems in the file"
          columns={PROBLEM_COLUMNS}
          rows={problems}
          rowKey={(p, index) => `${index}:${p.path.join('.')}`}
          rowTestId="import-problem"
        />
      )}
      {summary !== null && (
        <p className="message message-good" role="status" data-testid="import-summary">
          Imported. {summaryText(summary)}.
        </p>
      )}
    </section>
  );
}
