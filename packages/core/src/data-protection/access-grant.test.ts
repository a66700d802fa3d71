import { describe, expect, it } from 'vitest';
import { decideAccess, fieldsToGrant, normalisePurpose } from './access-grant.ts';
import { DatasetInput } from './dataset.ts';

const FIELDS = [
  { name: 'id', personal: false, special_category: false, description: '' },
  { name: 'name', personal: true, special_category: false, description: '' },
  { name: 'diagnosis', personal: true, special_category: true, description: '' },
];

describe('access decisions', () => {
  const grant = {
    id: 'g1',
    purpose: 'Billing',
    fields: ['id'],
    expires_at: '2026-02-01T00:00:00.000Z',
    revoked_at: null,
  };

  it('normalises case, spacing and punctuation of purposes, not their words', () => {
    expect(normalisePurpose('  Billing   reconciliation. ')).toBe(normalisePurpose('billing-reconciliation'));
    expect(normalisePurpose('billing')).not.toBe(normalisePurpose('marketing'));
  });

  it('allows a live grant for the same purpose and fields, and says why otherwise', () => {
    const at = '2026-01-15T00:00:00.000Z';
    expect(decideAccess([grant], { purpose: 'BILLING' }, at)).toMatchObject({ allow: true, grant: 'g1' });
    expect(decideAccess([grant], { purpose: 'billing', fields: ['name'] }, at).reason).toBe('fields not granted: name');
    expect(decideAccess([grant], { purpose: 'research' }, at).reason).toBe('no grant for this purpose');
    expect(decideAccess([grant], { purpose: 'billing' }, '2026-02-01T00:00:00.000Z').allow).toBe(false);
    const revoked = { ...grant, revoked_at: at };
    expect(decideAccess([revoked], { purpose: 'billing' }, at)).toEqual({
      allow: false,
      grant: null,
      reason: 'grant g1 was revoked',
    });
  });

  it('grants personal fields only when named, and never fields not requested', () => {
    expect(fieldsToGrant(FIELDS, ['id', 'name'], undefined)).toEqual(['id']);
    expect(fieldsToGrant(FIELDS, ['id', 'name'], ['name'])).toEqual(['name']);
    expect(() => fieldsToGrant(FIELDS, ['name'], undefined)).toThrow(/named/);
    expect(() => fieldsToGrant(FIELDS, ['id'], ['diagnosis'])).toThrow(/not requested/);
  });
});

describe('dataset definitions', () => {
  const base = { id: 'health', name: 'Health', owner: 'o', department: 'social', classification: 'internal' } as const;

  it('needs art. 9 conditions for special-category data and keeps open data free of personal fields', () => {
    expect(DatasetInput.safeParse({ ...base, fields: [{ name: 'diagnosis', personal: true }] }).success).toBe(false);
    const special = {
      ...base,
      classification: 'special_category',
      fields: [{ name: 'diagnosis', personal: true, special_category: true }],
      legal_basis: { basis: 'public_task' },
    };
    expect(DatasetInput.safeParse(special).success).toBe(false);
    const lawful = { ...special, legal_basis: { basis: 'public_task', special_condition: 'health_or_social_care' } };
    expect(DatasetInput.safeParse(lawful).success).toBe(true);
    expect(DatasetInput.safeParse({ ...base, open_data: true }).success).toBe(false);
    expect(DatasetInput.safeParse({ ...base, anonymised: true, open_data: true }).success).toBe(true);
  });
});
