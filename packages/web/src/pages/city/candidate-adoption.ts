import type { AssetCandidate, AssetDefinitionInput, AssetType } from '@citysoc/core';

/**
 * Turning an unmanaged identifier into an asset definition. The candidate's value comes from events
 * (attacker-controlled): it is only ever a suggestion the administrator reviews in the form.
 */

/** What a device, a host or a bare address most often turns out to be: the form's starting guess. */
const TYPE_GUESS: Readonly<Record<AssetCandidate['kind'], AssetType>> = {
  device: 'sensor',
  host: 'server',
  ip: 'endpoint',
};

const MAX_ID = 128;

/** An inventory id from the value: letters, digits, ".", "_", ":", "-", starting with a letter or digit. */
export function suggestAssetId(value: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9._:-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, MAX_ID);
  return cleaned === '' ? 'asset' : cleaned;
}

export interface AdoptionDraft {
  id: string;
  name: string;
  type: AssetType;
  department: string;
}

export function draftFor(candidate: AssetCandidate, fallbackDepartment: string): AdoptionDraft {
  return {
    id: suggestAssetId(candidate.value),
    name: candidate.value,
    type: TYPE_GUESS[candidate.kind],
    department: candidate.department ?? fallbackDepartment,
  };
}

/** The asset to create: the draft, plus the identifier itself so that later events match the new asset. */
export function adoptionDefinition(candidate: AssetCandidate, draft: AdoptionDraft): AssetDefinitionInput {
  const base = { id: draft.id.trim(), name: draft.name.trim(), type: draft.type, department: draft.department };
  switch (candidate.kind) {
    case 'device':
      return { ...base, device_ids: [candidate.value] };
    case 'host':
      return { ...base, hostnames: [candidate.value] };
    case 'ip':
      return { ...base, ip: [candidate.value] };
  }
}
