import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { parseAnonymizationSpec, type QuasiIdentifier } from './anonymization-spec.ts';
import { neutralizeFormula } from './csv-safety.ts';
import { buildGeneralizer } from './generalization.ts';

/** The spec example of issue 9, verbatim. */
const ISSUE_SPEC = {
  direct_identifiers: { name: 'drop', national_id: 'pseudonymize' },
  quasi_identifiers: {
    age: { type: 'numeric', levels: [5, 10, 20, '*'] },
    postcode: { type: 'prefix', levels: [4, 3, 2, 0] },
    birth_date: { type: 'date', levels: ['month', 'year', '*'] },
    district: { type: 'category', hierarchy: { Centre: 'Inner', Harbour: 'Inner', Hills: 'Outer' }, levels: [1, '*'] },
  },
  sensitive: ['diagnosis'],
  k: 5,
  l: 2,
  max_suppression: 0.05,
};

const generalizerFor = (column: keyof typeof ISSUE_SPEC.quasi_identifiers) => {
  const spec = parseAnonymizationSpec(ISSUE_SPEC);
  return buildGeneralizer(column, spec.quasi_identifiers[column] as QuasiIdentifier);
};
const ladder = (column: keyof typeof ISSUE_SPEC.quasi_identifiers, raw: string) => {
  const g = generalizerFor(column);
  return Array.from({ length: g.height + 1 }, (_, level) => g.generalize(raw, level));
};

describe('generalisation hierarchies', () => {
  it('numeric: nested intervals, then *', () => {
    expect(ladder('age', '23')).toEqual(['23', '[20,25)', '[20,30)', '[20,40)', '*']);
    expect(ladder('age', '-3')).toEqual(['-3', '[-5,0)', '[-10,0)', '[-20,0)', '*']);
    expect(generalizerFor('age').problem('23 years')).toBe('not a number');
  });

  it('prefix: keeps the leading characters; 0 is fully suppressed', () => {
    expect(ladder('postcode', '75011')).toEqual(['75011', '7501*', '750*', '75*', '*']);
    expect(generalizerFor('postcode').suppresses(4)).toBe(true);
  });

  it('date: month, year, *', () => {
    expect(ladder('birth_date', '1984-07-23')).toEqual(['1984-07-23', '1984-07', '1984', '*']);
    expect(generalizerFor('birth_date').problem('1984-02-30')).toMatch(/ISO date/);
  });

  it('category: steps up the tree; values outside it are a problem', () => {
    expect(ladder('district', 'Harbour')).toEqual(['Harbour', 'Inner', '*']);
    expect(generalizerFor('district').problem('Airport')).toBe('not in the category tree');
  });

  it('a missing value stays missing until *', () => {
    expect(ladder('age', '')).toEqual(['', '', '', '', '*']);
  });
});

describe('spec validation', () => {
  const problems = (patch: Record<string, unknown>) => {
    try {
      parseAnonymizationSpec({ ...ISSUE_SPEC, ...patch });
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).details as string[];
    }
  };

  it('accepts the issue example with defaults filled in', () => {
    expect(parseAnonymizationSpec(ISSUE_SPEC)).toMatchObject({ other_columns: 'keep', aggregates: [] });
  });

  it('names the key path of each problem', () => {
    expect(problems({ quasi_identifiers: { age: { type: 'numeric', levels: [5, 12] } } })).toEqual([
      'quasi_identifiers.age.levels.1: width 12 is not a larger multiple of 5, so the intervals would not nest',
    ]);
    expect(
      problems({ quasi_identifiers: { d: { type: 'category', hierarchy: { a: 'b', b: 'a' }, levels: [1] } } })[0],
    ).toMatch(/^quasi_identifiers\.d\.hierarchy\.a: the tree has a cycle/);
    expect(problems({ k: 0, surprise: 1 })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^k: /), expect.stringMatching(/surprise/)]),
    );
    expect(problems({ sensitive: ['age'] })).toEqual(["sensitive.0: 'age' is already a quasi-identifier"]);
    expect(problems({ quasi_identifiers: { age: { type: 'prefix', levels: ['*', 2] } } })).toEqual([
      "quasi_identifiers.age.levels.0: '*' (fully suppressed) can only be the last level",
    ]);
  });

  it('asks for a declared domain and clamp bounds in aggregates', () => {
    expect(problems({ aggregates: [{ name: 'a', group_by: ['diagnosis'], epsilon: 1 }] })).toEqual([
      "aggregates.0.domain.diagnosis: declare the values of 'diagnosis' (publishing only the groups present in the data is not private)",
    ]);
    expect(problems({ aggregates: [{ name: 'a', measure: 'sum', column: 'age', epsilon: 1 }] })[0]).toMatch(
      /^aggregates\.0\.clamp: /,
    );
    expect(problems({ aggregates: [{ name: 'a', mechanism: 'gaussian', epsilon: 0.5 }] })[0]).toMatch(
      /^aggregates\.0\.delta/,
    );
  });
});

describe('formula injection', () => {
  it('prefixes cells a spreadsheet would run, leaves numbers alone', () => {
    expect(['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', 'ok', '-3', '+4.5', '[20,25)'].map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+cmd",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      'ok',
      '-3',
      '+4.5',
      '[20,25)',
    ]);
  });
});
