import { describe, expect, it } from 'vitest';
import { itemLabel, selectionVerdict } from './alert-explanation-display.ts';

describe('alert explanation display', () => {
  it('labels items with their modifiers, and keywords as such', () => {
    expect(itemLabel({ field: 'Image', modifiers: ['endswith'], alternative: 0, matched: true, matches: [] })).toBe(
      'Image|endswith',
    );
    expect(itemLabel({ field: null, modifiers: [], alternative: 0, matched: true, matches: [] })).toBe('keyword');
  });

  it('reads a negated selection that did not hold as why the rule fired', () => {
    const base = { name: 'filter', items: [] };
    expect(selectionVerdict({ ...base, matched: false, negated: true }).text).toMatch(/did not hold/);
    expect(selectionVerdict({ ...base, matched: true, negated: false }).text).toBe('matched');
  });
});
