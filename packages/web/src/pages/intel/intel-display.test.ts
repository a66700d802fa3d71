import { describe, expect, it } from 'vitest';
import { indicatorValidity, tlpClass, tlpLevel } from './intel-display.ts';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const date = (iso: string) => iso.slice(0, 10);
const validity = (valid_from: string, valid_until: string | null, revoked_at: string | null = null) =>
  indicatorValidity({ valid_from, valid_until, revoked_at }, NOW, date);

describe('indicatorValidity', () => {
  it('tells valid, expired, not yet valid and revoked apart', () => {
    expect(validity('2025-01-01T00:00:00Z', null)).toEqual({ state: 'valid', text: 'No expiry' });
    expect(validity('2025-01-01T00:00:00Z', '2025-12-31T00:00:00Z')).toEqual({
      state: 'valid',
      text: 'Until 2025-12-31',
    });
    expect(validity('2025-01-01T00:00:00Z', '2025-05-31T00:00:00Z').state).toBe('expired');
    expect(validity('2025-07-01T00:00:00Z', null)).toEqual({ state: 'pending', text: 'From 2025-07-01' });
    expect(validity('2025-01-01T00:00:00Z', '2025-05-31T00:00:00Z', '2025-03-01T00:00:00Z')).toEqual({
      state: 'revoked',
      text: 'Revoked 2025-03-01',
    });
  });
});

describe('TLP', () => {
  it('reads the markings as sources write them, TLP 1.0 white being 2.0 clear', () => {
    expect(tlpLevel('TLP:AMBER+STRICT')).toBe('amber+strict');
    expect(tlpLevel('white')).toBe('clear');
    expect(tlpLevel('Red')).toBe('red');
    expect(tlpLevel('purple')).toBeNull();
    expect(tlpClass('amber+strict')).toBe('badge tlp tlp-amber-strict');
    expect(tlpClass('purple')).toBe('badge');
  });
});
