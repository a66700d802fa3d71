import {
  type Classification,
  type DatasetInput,
  type DatasetView,
  type LawfulBasis,
  PERSONAL_CLASSIFICATIONS,
  type SpecialCategoryCondition,
} from '@citysoc/core';
import type { DataOwner } from '../../api/data-protection.ts';

/**
 * The dataset form's state and its translation to the API body. Everything is kept as the person typed it
 * (strings, lists as comma-separated text) and turned into a DatasetInput only on submit; the server validates
 * it again with every cross-field rule, and `datasetFormWarnings` shows the same rules while typing.
 */

export interface FieldDraft {
  readonly name: string;
  readonly personal: boolean;
  readonly special_category: boolean;
  readonly description: string;
}

export interface DatasetDraft {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly department: string;
  readonly owner: string;
  readonly classification: Classification;
  /** Empty: no legal basis. */
  readonly basis: LawfulBasis | '';
  readonly specialCondition: SpecialCategoryCondition | '';
  readonly basisText: string;
  /** Durations as written ("30d", "5y", "4h"); empty: none. */
  readonly retention: string;
  readonly rpo: string;
  readonly rto: string;
  readonly openData: boolean;
  readonly anonymised: boolean;
  /** Inventory ids, comma- or newline-separated. */
  readonly storedOn: string;
  readonly processedBy: string;
  readonly services: string;
  readonly fields: readonly FieldDraft[];
}

export const EMPTY_FIELD: FieldDraft = { name: '', personal: false, special_category: false, description: '' };

/** A blank form; the department and owner default to the first data owner the caller may choose. */
export function emptyDatasetDraft(owners: readonly DataOwner[]): DatasetDraft {
  const first = owners[0];
  return {
    id: '',
    name: '',
    description: '',
    department: first?.departments[0] ?? '',
    owner: first?.username ?? '',
    classification: 'internal',
    basis: '',
    specialCondition: '',
    basisText: '',
    retention: '',
    rpo: '',
    rto: '',
    openData: false,
    anonymised: false,
    storedOn: '',
    processedBy: '',
    services: '',
    fields: [],
  };
}

/** The form filled with a catalogued dataset, for editing. */
export function draftFromDataset(dataset: DatasetView): DatasetDraft {
  return {
    id: dataset.id,
    name: dataset.name,
    description: dataset.description,
    department: dataset.department,
    owner: dataset.owner,
    classification: dataset.classification,
    basis: dataset.legal_basis?.basis ?? '',
    specialCondition: dataset.legal_basis?.special_condition ?? '',
    basisText: dataset.legal_basis?.text ?? '',
    retention: dataset.retention ?? '',
    rpo: dataset.rpo ?? '',
    rto: dataset.rto ?? '',
    openData: dataset.open_data,
    anonymised: dataset.anonymised,
    storedOn: dataset.stored_on.join(', '),
    processedBy: dataset.processed_by.join(', '),
    services: dataset.services.join(', '),
    fields: dataset.fields.map((f) => ({ ...f })),
  };
}

/** "a, b\nc" → ['a', 'b', 'c']: commas or line breaks, blanks and repeats dropped. */
export function parseIdList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  ];
}

/** The API body for the draft. Empty optional values are left out rather than sent empty. */
export function draftToInput(draft: DatasetDraft): DatasetInput {
  const optional = (value: string) => value.trim();
  const fields = draft.fields
    .filter((f) => f.name.trim() !== '')
    .map((f) => ({
      name: f.name.trim(),
      // A special-category field is personal data by definition: the checkbox implies the other.
      personal: f.personal || f.special_category,
      special_category: f.special_category,
      description: f.description.trim(),
    }));
  return {
    id: draft.id.trim(),
    name: draft.name.trim(),
    description: draft.description.trim(),
    owner: draft.owner,
    department: draft.department,
    classification: draft.classification,
    stored_on: parseIdList(draft.storedOn),
    processed_by: parseIdList(draft.processedBy),
    services: parseIdList(draft.services),
    fields,
    open_data: draft.openData,
    anonymised: draft.anonymised,
    ...(draft.basis !== '' && {
      legal_basis: {
        basis: draft.basis,
        ...(draft.specialCondition !== '' && { special_condition: draft.specialCondition }),
        text: draft.basisText.trim(),
      },
    }),
    ...(optional(draft.retention) !== '' && { retention: optional(draft.retention) }),
    ...(optional(draft.rpo) !== '' && { rpo: optional(draft.rpo) }),
    ...(optional(draft.rto) !== '' && { rto: optional(draft.rto) }),
  };
}

/** The departments the caller can create datasets in: those with a data owner the caller may choose. */
export function departmentChoices(owners: readonly DataOwner[]): string[] {
  return [...new Set(owners.flatMap((o) => o.departments))].sort();
}

/** The data owners of one department: only they may own its datasets. */
export function ownersOf(owners: readonly DataOwner[], department: string): DataOwner[] {
  return owners.filter((o) => o.departments.includes(department));
}

/**
 * The catalogue's rules the draft breaks, in words, shown while typing (the server refuses the same). Mirrors
 * core's DatasetInput refinements: legal basis for personal data, art. 9 condition, open data, field classes.
 */
export function datasetFormWarnings(draft: DatasetDraft): string[] {
  const warnings: string[] = [];
  const named = draft.fields.filter((f) => f.name.trim() !== '');
  const personal = named.filter((f) => f.personal || f.special_category);
  const special = named.some((f) => f.special_category);
  const personalClass = PERSONAL_CLASSIFICATIONS.has(draft.classification);
  if (personalClass && draft.basis === '') warnings.push('Personal data needs a legal basis (GDPR art. 6).');
  if (draft.classification === 'special_category' && draft.specialCondition === '')
    warnings.push('Special-category data needs an art. 9(2) condition.');
  if (personal.length > 0 && !personalClass)
    warnings.push(
      `Fields ${personal.map((f) => f.name.trim()).join(', ')} are personal: classify the dataset as personal data.`,
    );
  if (special && draft.classification !== 'special_category')
    warnings.push('A dataset with special-category fields is classified special-category.');
  if (draft.openData && !(draft.classification === 'public' || draft.anonymised))
    warnings.push('Only public datasets or anonymised releases can be open data.');
  if (draft.openData && personal.length > 0) warnings.push('Open data cannot have personal fields.');
  const names = named.map((f) => f.name.trim());
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) warnings.push(`Field '${duplicate}' is listed twice.`);
  return warnings;
}
