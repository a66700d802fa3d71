import { ASSET_TYPES, AssetType, type Asset, type AssetCandidate } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { adoptCandidate } from '../../api/city.ts';
import { listDepartments } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { type AdoptionDraft, adoptionDefinition, draftFor } from './candidate-adoption.ts';

interface AdoptFormProps {
  readonly candidate: AssetCandidate;
  readonly onAdopted: (asset: Asset) => void;
  readonly onCancel: () => void;
}

const IDENTIFIER_FIELD: Readonly<Record<AssetCandidate['kind'], string>> = {
  device: 'device id',
  host: 'host name',
  ip: 'IP address',
};

/** Adopts a discovered identifier as a new asset: a small form prefilled from the candidate. */
export function AdoptForm({ candidate, onAdopted, onCancel }: AdoptFormProps) {
  const { session } = useSession();
  const departments = useApiData(listDepartments);
  const [draft, setDraft] = useState<AdoptionDraft>(() => draftFor(candidate, session.user.departmentIds[0] ?? ''));
  const mutation = useMutation();
  const change = (part: Partial<AdoptionDraft>): void => setDraft((current) => ({ ...current, ...part }));

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const asset = await mutation.run(() => adoptCandidate(candidate.id, adoptionDefinition(candidate, draft)));
    if (asset !== undefined) onAdopted(asset);
  };

  return (
    <form
      className="panel form-grid"
      onSubmit={(event) => void onSubmit(event)}
      aria-labelledby="adopt-title"
      data-testid="adopt-form"
    >
      <h3 id="adopt-title" className="break-anywhere">
        Adopt {IDENTIFIER_FIELD[candidate.kind]} “{candidate.value}” as an asset
      </h3>
      <FormField id="adopt-id" label="Asset id" hint="Letters, digits, “.”, “_”, “:” or “-”">
        <input
          id="adopt-id"
          required
          className="mono"
          value={draft.id}
          aria-describedby={fieldHintId('adopt-id')}
          onChange={(event) => change({ id: event.target.value })}
        />
      </FormField>
      <FormField id="adopt-name" label="Name">
        <input id="adopt-name" required value={draft.name} onChange={(event) => change({ name: event.target.value })} />
      </FormField>
      <FormField id="adopt-type" label="Type">
        <select
          id="adopt-type"
          value={draft.type}
          onChange={(event) => change({ type: AssetType.catch(draft.type).parse(event.target.value) })}
        >
          {ASSET_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="adopt-department" label="Department">
        <select
          id="adopt-department"
          required
          value={draft.department}
          onChange={(event) => change({ department: event.target.value })}
        >
          {draft.department === '' && <option value="">Choose…</option>}
          {(departments.data ?? []).map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </FormField>
      <p className="muted field-wide">
        The asset gets the {IDENTIFIER_FIELD[candidate.kind]} “{candidate.value}”, so events naming it are matched to
        the asset from now on. Add dependencies and the rest of its definition by importing the inventory.
      </p>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={mutation.pending}>
          Adopt
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorMessage error={mutation.error} />
    </form>
  );
}
