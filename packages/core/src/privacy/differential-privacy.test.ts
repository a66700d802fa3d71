import { describe, expect, it } from 'vitest';
import { parseAnonymizationSpec } from './anonymization-spec.ts';
import { createAggregateAccumulator, gaussianNoise, gaussianSigma, laplaceNoise } from './differential-privacy.ts';
import { seededRandom } from './testing/seeded-random.ts';

const DRAWS = 50_000;

function moments(draw: () => number, n = DRAWS) {
  let [sum, squares, absolute] = [0, 0, 0];
  for (let i = 0; i < n; i += 1) {
    const x = draw();
    sum += x;
    squares += x * x;
    absolute += Math.abs(x);
  }
  return { mean: sum / n, variance: squares / n - (sum / n) ** 2, meanAbsolute: absolute / n };
}

describe('noise calibrated to epsilon', () => {
  it('Laplace noise has scale Δ/ε: E|X| = b and Var X = 2b²', () => {
    for (const epsilon of [0.1, 0.5, 2]) {
      const b = 1 / epsilon;
      const random = seededRandom(42);
      const m = moments(() => laplaceNoise(b, random));
      expect(Math.abs(m.mean)).toBeLessThan(0.05 * b);
      expect(m.meanAbsolute / b).toBeGreaterThan(0.97);
      expect(m.meanAbsolute / b).toBeLessThan(1.03);
      expect(m.variance / (2 * b * b)).toBeGreaterThan(0.94);
      expect(m.variance / (2 * b * b)).toBeLessThan(1.06);
    }
  });

  it('Gaussian noise has sigma = Δ·sqrt(2 ln(1.25/δ))/ε', () => {
    const sigma = gaussianSigma(1, 0.5, 1e-5);
    expect(sigma).toBeCloseTo(Math.sqrt(2 * Math.log(1.25e5)) / 0.5, 10);
    const random = seededRandom(7);
    const m = moments(() => gaussianNoise(sigma, random));
    expect(Math.sqrt(m.variance) / sigma).toBeGreaterThan(0.98);
    expect(Math.sqrt(m.variance) / sigma).toBeLessThan(1.02);
  });
});

describe('aggregates', () => {
  const spec = parseAnonymizationSpec({
    quasi_identifiers: {
      district: { type: 'category', hierarchy: { Centre: 'Inner', Harbour: 'Inner', Hills: 'Outer' }, levels: [1] },
    },
    k: 1,
    aggregates: [
      { name: 'people', group_by: ['district'], epsilon: 0.5 },
      { name: 'cost', measure: 'sum', column: 'cost', clamp: [0, 100], group_by: [], epsilon: 0.25 },
      {
        name: 'cost_g',
        measure: 'sum',
        column: 'cost',
        clamp: [0, 100],
        mechanism: 'gaussian',
        epsilon: 0.5,
        delta: 1e-6,
      },
    ],
  });
  const rows = [
    ['Centre', '50'],
    ['Centre', '500'],
    ['Hills', 'n/a'],
    ['Airport', '10'],
  ];
  const release = (seed: number) => {
    const accumulator = createAggregateAccumulator(spec, ['district', 'cost']);
    for (const row of rows) accumulator.add(row);
    return accumulator.release(seededRandom(seed));
  };

  it('states epsilon, sensitivity and noise scale; totals add up the budget', () => {
    const { aggregates, budget } = release(1);
    expect(budget.epsilon).toBeCloseTo(1.25);
    expect(budget.delta).toBe(1e-6);
    expect(aggregates[0]).toMatchObject({ name: 'people', epsilon: 0.5, sensitivity: 1, noise_scale: 2 });
    // Every declared group is released, present in the data or not; values outside the domain are not counted.
    expect(aggregates[0]!.groups.map((g) => g.group.district)).toEqual(['Centre', 'Harbour', 'Hills']);
    expect(aggregates[1]).toMatchObject({ sensitivity: 100, noise_scale: 400 });
    expect(aggregates[2]!.delta).toBe(1e-6);
  });

  it('released values are centred on the clamped truth with the stated spread', () => {
    const counts: number[] = [];
    const sums: number[] = [];
    for (let seed = 1; seed <= 4000; seed += 1) {
      const { aggregates } = release(seed);
      counts.push(aggregates[0]!.groups[0]!.value);
      sums.push(aggregates[1]!.groups[0]!.value);
    }
    const stats = (values: number[], truth: number) => moments(() => values.pop()! - truth, values.length);
    // Centre: 2 rows. Counts are rounded (post-processing), adding 1/12 to the variance 2b² = 8.
    const count = stats(counts, 2);
    expect(Math.abs(count.mean)).toBeLessThan(0.2);
    expect(count.variance / (8 + 1 / 12)).toBeGreaterThan(0.9);
    expect(count.variance / (8 + 1 / 12)).toBeLessThan(1.1);
    // Clamped sum: 50 + 100 (500 clamped) + 0 ('n/a') + 10 (Airport: no group_by, so every row counts) = 160.
    const sum = stats(sums, 160);
    expect(Math.abs(sum.mean)).toBeLessThan(25);
    expect(sum.meanAbsolute / 400).toBeGreaterThan(0.95);
    expect(sum.meanAbsolute / 400).toBeLessThan(1.05);
  });
});
