import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { createAnonymizer } from './anonymizer.ts';
import { parseAnonymizationSpec } from './anonymization-spec.ts';
import { runAnonymizer } from './testing/run-anonymizer.ts';

/**
 * Sweeney, "Achieving k-anonymity privacy protection using generalization and suppression" (IJUFKS 10(5), 2002),
 * Figures 2–3: the private table PT(Race, ZIP), race generalising to `person` in one step (E0 → E1) and ZIP
 * losing its last digit, then its last two (Z0 → Z1 → Z2). For k = 2 the paper names GT[0,1] (race kept, ZIP
 * 0213* and 0214*) and GT[1,0] (person, full ZIP) as the k-minimal generalisations, GT[0,1] being the one of higher
 * precision (0.75 against 0.5): the optimal full-domain generalisation.
 */
const SWEENEY_PT = [
  ['black', '02138'],
  ['black', '02139'],
  ['black', '02141'],
  ['black', '02142'],
  ['white', '02138'],
  ['white', '02139'],
  ['white', '02141'],
  ['white', '02142'],
];
const sweeneySpec = (k: number, maxSuppression = 0) => ({
  quasi_identifiers: {
    race: { type: 'category', hierarchy: { asian: 'person', black: 'person', white: 'person' }, levels: [1] },
    zip: { type: 'prefix', levels: [4, 3] },
  },
  k,
  max_suppression: maxSuppression,
});

describe('full-domain generalisation against the textbook example', () => {
  it("k=2 on Sweeney's PT chooses GT[0,1], the k-minimal generalisation of highest precision", () => {
    const { report, rows } = runAnonymizer(sweeneySpec(2), ['race', 'zip'], SWEENEY_PT);
    expect(report.levels).toMatchObject({ race: { level: 0 }, zip: { level: 1 } });
    expect(report.information_loss?.precision).toBe(0.75);
    expect(rows).toEqual([
      ['black', '0213*'],
      ['black', '0213*'],
      ['black', '0214*'],
      ['black', '0214*'],
      ['white', '0213*'],
      ['white', '0213*'],
      ['white', '0214*'],
      ['white', '0214*'],
    ]);
    expect(report.achieved.k).toBe(2);
  });

  it('k=3 needs GT[0,2] (021*): GT[1,1] is satisfying too but loses more', () => {
    const { report, rows } = runAnonymizer(sweeneySpec(3), ['race', 'zip'], SWEENEY_PT);
    expect(report.levels).toMatchObject({ race: { level: 0 }, zip: { level: 2 } });
    expect(new Set(rows?.map((r) => r.join()))).toEqual(new Set(['black,021*', 'white,021*']));
    // Satisfying nodes: [0,2], [1,1], [1,2]; the search never evaluates below the failing [0,1] and [1,0].
    expect(report.lattice).toMatchObject({ nodes: 6, satisfying: 3 });
  });

  it('suppressing an outlier beats generalising when max_suppression allows it (Samarati)', () => {
    const table = [...SWEENEY_PT, ['asian', '02138']];
    const withSuppression = runAnonymizer(sweeneySpec(2, 0.12), ['race', 'zip'], table);
    expect(withSuppression.report.levels).toMatchObject({ race: { level: 0 }, zip: { level: 1 } });
    expect(withSuppression.report.suppressed_rows).toBe(1);
    expect(withSuppression.rows?.some((r) => r[0] === 'asian')).toBe(false);

    const without = runAnonymizer(sweeneySpec(2, 0), ['race', 'zip'], table);
    expect(without.report.levels).toMatchObject({ race: { level: 1 }, zip: { level: 0 } });
    expect(without.report.suppressed_rows).toBe(0);
  });
});

describe('refusal', () => {
  it('refuses when no node meets k within the suppression limit, and says what is achievable', () => {
    const { report, rows } = runAnonymizer(sweeneySpec(9), ['race', 'zip'], SWEENEY_PT);
    expect(rows).toBeNull();
    expect(report.status).toBe('refused');
    expect(report.refusal).toMatchObject({ unmet: ['k'], best_k: 8, min_suppression_rate: 1 });
    expect(report.refusal?.reason).toContain('best achievable: k=8');
  });

  it('names l when the sensitive attribute is too uniform', () => {
    const records = SWEENEY_PT.map((r) => [...r, 'flu']);
    const { report } = runAnonymizer(
      { ...sweeneySpec(2), sensitive: ['diagnosis'], l: 2 },
      ['race', 'zip', 'diagnosis'],
      records,
    );
    expect(report.status).toBe('refused');
    expect(report.refusal).toMatchObject({ unmet: ['l'], best_l: 1, best_k: 0 });
  });
});

describe('rows and identifiers', () => {
  const spec = {
    direct_identifiers: { name: 'drop', national_id: 'pseudonymize' },
    quasi_identifiers: { age: { type: 'numeric', levels: [10, '*'] } },
    k: 2,
  };
  const header = ['name', 'national_id', 'age', 'note'];

  it('drops and pseudonymizes direct identifiers, keeps unnamed columns and lists them', () => {
    const {
      report,
      header: out,
      rows,
    } = runAnonymizer(
      spec,
      header,
      [
        ['Ann', 'X1', '31', 'a'],
        ['Bob', 'X2', '35', 'b'],
      ],
      { pseudonymize: (v) => `p(${v})` },
    );
    expect(out).toEqual(['national_id', 'age', 'note']);
    expect(rows).toEqual([
      ['p(X1)', '[30,40)', 'a'],
      ['p(X2)', '[30,40)', 'b'],
    ]);
    expect(report.other_columns).toEqual({ handling: 'keep', columns: ['note'] });
  });

  it('refuses to pseudonymize without a key', () => {
    expect(() => createAnonymizer(parseAnonymizationSpec(spec), header)).toThrow(/needs a key/);
  });

  it('counts rows whose values are outside their hierarchy and never publishes them', () => {
    const { report, rows } = runAnonymizer(
      { ...spec, direct_identifiers: {} },
      ['age'],
      [['31'], ['35'], ['thirty'], ['1', '2']],
    );
    expect(report).toMatchObject({ rows_in: 4, rejected_rows: 1, malformed_rows: 1, rows_anonymized: 2, rows_out: 2 });
    expect(report.problems.map((p) => p.line)).toEqual([4, 5]);
    expect(rows).toHaveLength(2);
  });

  it('refuses a header without the columns the spec names', () => {
    expect(() => createAnonymizer(parseAnonymizationSpec(spec), ['age'], { pseudonymize: (v) => v })).toThrow(
      InputError,
    );
  });
});
