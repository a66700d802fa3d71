import { DatasetInput, type DatasetView } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import type { DataOwner } from '../../api/data-protection.ts';
import {
  type DatasetDraft,
  datasetFormWarnings,
  departmentChoices,
  draftFromDataset,
  draftToInput,
  emptyDatasetDraft,
  ownersOf,
  parseIdList,
} from './dataset-form.ts';

const OWNERS: DataOwner[] = [
  { id: 'u1', username: 'olivia', display_name: 'Olivia', departments: ['water'] },
  { id: 'u2', username: 'erin', display_name: 'Erin', departments: ['energy', 'water'] },
];

const VIEW: DatasetView = {
  id: 'water-customers',
  name: 'Water customers',
  description: '',
  owner: 'olivia',
  department: 'water',
  stored_on: ['historian-db'],
  processed_by: [],
  services: ['water-supply'],
  classification: 'special_category',
  fields: [
    { name: 'account_id', personal: false, special_category: false, description: '' },
    { name: 'medical_priority', personal: true, special_category: true, description: 'life support' },
  ],
  legal_basis: { basis: 'public_task', special_condition: 'vital_interests', text: 'Water Supply Act §12' },
  retention: '5y',
  rpo: '1d',
  open_data: false,
  anonymised: false,
  owner_id: 'u1',
  owner_name: 'Olivia',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

const draft = (change: Partial<DatasetDraft>): DatasetDraft => ({ ...emptyDatasetDraft(OWNERS), ...change });

describe('dataset form', () => {
  it('turns a catalogued dataset into a draft and back into the same API body', () => {
    const input = draftToInput(draftFromDataset(VIEW));
    const { owner_id: _id, owner_name: _name, created_at: _c, updated_at: _u, ...written } = VIEW;
    expect(input).toEqual(written);
    expect(DatasetInput.safeParse(input).success).toBe(true);
  });

  it('leaves out empty optional values and reads id lists separated by commas or lines', () => {
    const input = draftToInput(
      draft({ id: ' new-set ', name: ' New ', storedOn: 'a, b\nc,, a', rpo: '  ', basis: '' }),
    );
    expect(input).toMatchObject({ id: 'new-set', name: 'New', stored_on: ['a', 'b', 'c'], department: 'water' });
    expect(input).not.toHaveProperty('rpo');
    expect(input).not.toHaveProperty('legal_basis');
    expect(parseIdList(' \n , ')).toEqual([]);
  });

  it('marks a special-category field personal and drops unnamed field rows', () => {
    const input = draftToInput(
      draft({
        fields: [
          { name: 'health', personal: false, special_category: true, description: '' },
          { name: '  ', personal: true, special_category: false, description: '' },
        ],
      }),
    );
    expect(input.fields).toEqual([{ name: 'health', personal: true, special_category: true, description: '' }]);
  });

  it('offers the departments of the data owners, and only a department’s own owners', () => {
    expect(departmentChoices(OWNERS)).toEqual(['energy', 'water']);
    expect(ownersOf(OWNERS, 'energy').map((o) => o.username)).toEqual(['erin']);
    expect(emptyDatasetDraft(OWNERS)).toMatchObject({ department: 'water', owner: 'olivia' });
    expect(emptyDatasetDraft([])).toMatchObject({ department: '', owner: '' });
  });

  it('warns about the catalogue rules the server would refuse', () => {
    expect(datasetFormWarnings(draft({ classification: 'internal' }))).toEqual([]);
    expect(datasetFormWarnings(draft({ classification: 'personal' }))).toEqual([
      'Personal data needs a legal basis (GDPR art. 6).',
    ]);
    expect(datasetFormWarnings(draft({ classification: 'special_category', basis: 'consent' }))).toEqual([
      'Special-category data needs an art. 9(2) condition.',
    ]);
    const personalField = { name: 'name', personal: true, special_category: false, description: '' };
    expect(datasetFormWarnings(draft({ fields: [personalField, personalField] }))).toEqual([
      'Fields name, name are personal: classify the dataset as personal data.',
      "Field 'name' is listed twice.",
    ]);
    expect(datasetFormWarnings(draft({ openData: true }))).toEqual([
      'Only public datasets or anonymised releases can be open data.',
    ]);
    expect(datasetFormWarnings(draft({ openData: true, anonymised: true }))).toEqual([]);
  });
});
