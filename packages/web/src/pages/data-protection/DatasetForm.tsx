import {
  Classification,
  type DatasetView,
  LawfulBasis,
  PERSONAL_CLASSIFICATIONS,
  SpecialCategoryCondition,
} from '@citysoc/core';
import { useId, useState, type SubmitEvent } from 'react';
import { createDataset, type DataOwner, updateDataset } from '../../api/data-protection.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { CLASSIFICATION_TITLES } from './data-protection-display.ts';
import {
  type DatasetDraft,
  datasetFormWarnings,
  departmentChoices,
  draftFromDataset,
  draftToInput,
  EMPTY_FIELD,
  emptyDatasetDraft,
  type FieldDraft,
  ownersOf,
} from './dataset-form.ts';

interface DatasetFormProps {
  /** The dataset to edit; absent to create one. */
  readonly dataset?: DatasetView;
  readonly owners: readonly DataOwner[];
  readonly onSaved: (dataset: DatasetView) => void;
  readonly onClose: () => void;
}

const words = (value: string) => value.replaceAll('_', ' ');

function FieldRows({
  fields,
  onChange,
}: {
  fields: readonly FieldDraft[];
  onChange: (fields: readonly FieldDraft[]) => void;
}) {
  const idPrefix = useId();
  const set = (index: number, change: Partial<FieldDraft>) =>
    onChange(fields.map((field, i) => (i === index ? { ...field, ...change } : field)));
  return (
    <fieldset className="field-wide">
      <legend>Fields (names only: the catalogue never holds values)</legend>
      {fields.map((field, index) => {
        const id = `${idPrefix}-${index}`;
        return (
          <div key={id} className="inline-form" data-testid="dataset-field-row">
            <input
              aria-label={`Field ${index + 1} name`}
              maxLength={128}
              value={field.name}
              onChange={(event) => set(index, { name: event.target.value })}
            />
            <span className="checkbox">
              <input
                type="checkbox"
                id={`${id}-personal`}
                checked={field.personal || field.special_category}
                disabled={field.special_category}
                onChange={(event) => set(index, { personal: event.target.checked })}
              />
              <label htmlFor={`${id}-personal`}>personal</label>
            </span>
            <span className="checkbox">
              <input
                type="checkbox"
                id={`${id}-special`}
                checked={field.special_category}
                onChange={(event) => set(index, { special_category: event.target.checked })}
              />
              <label htmlFor={`${id}-special`}>special category</label>
            </span>
            <input
              aria-label={`Field ${index + 1} description`}
              placeholder="description"
              maxLength={1000}
              value={field.description}
              onChange={(event) => set(index, { description: event.target.value })}
            />
            <button
              type="button"
              className="button-small"
              onClick={() => onChange(fields.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" className="button-small" onClick={() => onChange([...fields, EMPTY_FIELD])}>
        Add a field
      </button>
    </fieldset>
  );
}

/**
 * Creates a dataset or edits one: owner (a data owner of the department), classification, legal basis,
 * retention and recovery objectives, open-data flag, where it is stored and processed, and its fields.
 */
export function DatasetForm({ dataset, owners, onSaved, onClose }: DatasetFormProps) {
  const editing = dataset !== undefined;
  const [draft, setDraft] = useState<DatasetDraft>(() =>
    dataset === undefined ? emptyDatasetDraft(owners) : draftFromDataset(dataset),
  );
  const mutation = useMutation();
  const set = (change: Partial<DatasetDraft>) => setDraft((current) => ({ ...current, ...change }));
  const departments = departmentChoices(owners);
  const departmentOwners = ownersOf(owners, draft.department);
  const warnings = datasetFormWarnings(draft);
  const personal = PERSONAL_CLASSIFICATIONS.has(draft.classification);

  const onDepartment = (department: string) => {
    // The owner must be a data owner of the new department: keep them if they are, else take its first.
    const candidates = ownersOf(owners, department);
    const owner = candidates.some((o) => o.username === draft.owner) ? draft.owner : (candidates[0]?.username ?? '');
    set({ department, owner });
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const input = draftToInput(draft);
    const saved = await mutation.run(() => (editing ? updateDataset(dataset.id, input) : createDataset(input)));
    if (saved !== undefined) onSaved(saved);
  };

  const title = editing ? `Edit ${dataset.name}` : 'New dataset';
  return (
    <section className="panel" aria-labelledby="dataset-form-title" data-testid="dataset-form">
      <div className="panel-header">
        <h2 id="dataset-form-title">{title}</h2>
        <button type="button" className="button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <form className="form-grid" onSubmit={(event) => void onSubmit(event)} aria-label={title}>
        <FormField id="dataset-id" label="Id" hint="Lower-case letters, digits, '.', '_' or '-'; cannot change later.">
          <input
            id="dataset-id"
            required
            maxLength={64}
            pattern="[a-z0-9][a-z0-9._\-]{0,63}"
            readOnly={editing}
            value={draft.id}
            aria-describedby={fieldHintId('dataset-id')}
            onChange={(event) => set({ id: event.target.value })}
          />
        </FormField>
        <FormField id="dataset-name" label="Name">
          <input
            id="dataset-name"
            required
            maxLength={200}
            value={draft.name}
            onChange={(event) => set({ name: event.target.value })}
          />
        </FormField>
        <FormField id="dataset-department" label="Department">
          <select
            id="dataset-department"
            required
            value={draft.department}
            onChange={(event) => onDepartment(event.target.value)}
          >
            {!departments.includes(draft.department) && <option value={draft.department}>{draft.department}</option>}
            {departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="dataset-owner" label="Owner" hint="A data owner of the department decides on access.">
          <select
            id="dataset-owner"
            required
            value={draft.owner}
            aria-describedby={fieldHintId('dataset-owner')}
            onChange={(event) => set({ owner: event.target.value })}
          >
            {!departmentOwners.some((o) => o.username === draft.owner) && (
              <option value={draft.owner}>{draft.owner === '' ? '(choose)' : draft.owner}</option>
            )}
            {departmentOwners.map((o) => (
              <option key={o.id} value={o.username}>
                {o.display_name} ({o.username})
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="dataset-classification" label="Classification">
          <select
            id="dataset-classification"
            value={draft.classification}
            onChange={(event) => set({ classification: Classification.parse(event.target.value) })}
          >
            {Classification.options.map((c) => (
              <option key={c} value={c}>
                {CLASSIFICATION_TITLES[c]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="dataset-basis" label="Legal basis (art. 6)">
          <select
            id="dataset-basis"
            required={personal}
            value={draft.basis}
            onChange={(event) => set({ basis: event.target.value === '' ? '' : LawfulBasis.parse(event.target.value) })}
          >
            <option value="">(none)</option>
            {LawfulBasis.options.map((b) => (
              <option key={b} value={b}>
                {words(b)}
              </option>
            ))}
          </select>
        </FormField>
        {draft.classification === 'special_category' && (
          <FormField id="dataset-condition" label="Art. 9(2) condition">
            <select
              id="dataset-condition"
              required
              value={draft.specialCondition}
              onChange={(event) =>
                set({
                  specialCondition: event.target.value === '' ? '' : SpecialCategoryCondition.parse(event.target.value),
                })
              }
            >
              <option value="">(choose)</option>
              {SpecialCategoryCondition.options.map((c) => (
                <option key={c} value={c}>
                  {words(c)}
                </option>
              ))}
            </select>
          </FormField>
        )}
        {draft.basis !== '' && (
          <FormField id="dataset-basis-text" label="Resting on" hint="The law, contract or decision, in words.">
            <input
              id="dataset-basis-text"
              maxLength={2000}
              value={draft.basisText}
              aria-describedby={fieldHintId('dataset-basis-text')}
              onChange={(event) => set({ basisText: event.target.value })}
            />
          </FormField>
        )}
        <FormField id="dataset-retention" label="Retention" hint="e.g. 90d, 5y; empty: not set.">
          <input
            id="dataset-retention"
            maxLength={32}
            value={draft.retention}
            aria-describedby={fieldHintId('dataset-retention')}
            onChange={(event) => set({ retention: event.target.value })}
          />
        </FormField>
        <FormField id="dataset-rpo" label="RPO" hint="Oldest a backup may be, e.g. 1d.">
          <input
            id="dataset-rpo"
            maxLength={32}
            value={draft.rpo}
            aria-describedby={fieldHintId('dataset-rpo')}
            onChange={(event) => set({ rpo: event.target.value })}
          />
        </FormField>
        <FormField id="dataset-rto" label="RTO" hint="Longest a restore may take, e.g. 4h.">
          <input
            id="dataset-rto"
            maxLength={32}
            value={draft.rto}
            aria-describedby={fieldHintId('dataset-rto')}
            onChange={(event) => set({ rto: event.target.value })}
          />
        </FormField>
        <FormField id="dataset-stored-on" label="Stored on (asset ids)" hint="Comma-separated inventory ids.">
          <input
            id="dataset-stored-on"
            value={draft.storedOn}
            aria-describedby={fieldHintId('dataset-stored-on')}
            onChange={(event) => set({ storedOn: event.target.value })}
          />
        </FormField>
        <FormField id="dataset-processed-by" label="Processed by (asset ids)">
          <input
            id="dataset-processed-by"
            value={draft.processedBy}
            onChange={(event) => set({ processedBy: event.target.value })}
          />
        </FormField>
        <FormField id="dataset-services" label="Services (ids)">
          <input
            id="dataset-services"
            value={draft.services}
            onChange={(event) => set({ services: event.target.value })}
          />
        </FormField>
        <fieldset className="checkboxes">
          <legend>Release</legend>
          <span className="checkbox">
            <input
              type="checkbox"
              id="dataset-open-data"
              checked={draft.openData}
              onChange={(event) => set({ openData: event.target.checked })}
            />
            <label htmlFor="dataset-open-data">open data</label>
          </span>
          <span className="checkbox">
            <input
              type="checkbox"
              id="dataset-anonymised"
              checked={draft.anonymised}
              onChange={(event) => set({ anonymised: event.target.checked })}
            />
            <label htmlFor="dataset-anonymised">an anonymised release</label>
          </span>
        </fieldset>
        <FormField id="dataset-description" label="Description" wide>
          <textarea
            id="dataset-description"
            rows={2}
            maxLength={4000}
            value={draft.description}
            onChange={(event) => set({ description: event.target.value })}
          />
        </FormField>
        <FieldRows fields={draft.fields} onChange={(fields) => set({ fields })} />
        {warnings.length > 0 && (
          <ul className="message message-info field-wide" data-testid="dataset-form-warnings">
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending}>
            {editing ? 'Save' : 'Create dataset'}
          </button>
        </div>
        <ErrorMessage error={mutation.error} />
      </form>
    </section>
  );
}
