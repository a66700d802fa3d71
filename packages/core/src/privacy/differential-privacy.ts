import { type AnonymizationSpec, categoryDomain, type DpAggregate } from './anonymization-spec.ts';

/**
 * Differentially private aggregates: counts or clamped sums per group with Laplace or Gaussian noise.
 *
 * Neighbouring datasets differ by adding or removing one row, and each person is assumed to contribute one row
 * (a person with m rows gets m·ε). A count then changes by at most 1 in one group (L1 = L2 sensitivity 1); a sum of
 * values clamped to [low, high] by at most max(|low|, |high|). Laplace: scale b = Δ/ε gives ε-DP (Dwork, McSherry,
 * Nissim, Smith 2006). Gaussian: σ = Δ·sqrt(2 ln(1.25/δ))/ε gives (ε, δ)-DP for ε < 1 (Dwork & Roth 2014,
 * Theorem A.1). Groups within one aggregate are disjoint (parallel composition: one ε for all of them); separate
 * aggregates compose sequentially, so the report states the total ε and δ.
 *
 * Randomness is a parameter: core does no I/O, the CLI passes a cryptographic source and tests a seeded one.
 * Rounding a count to an integer is post-processing and keeps the guarantee. Floating-point Laplace sampling
 * is known to leak through the low-order bits of the output (Mironov, CCS 2012); rounding counts hides most of
 * that, and sums should be published at a coarse precision for the same reason.
 */

/** A uniform draw in [0, 1). */
export type UniformRandom = () => number;

/** Open interval (0, 1): a zero would make the logarithms below infinite. */
function openUniform(random: UniformRandom): number {
  for (;;) {
    const u = random();
    if (u > 0 && u < 1) return u;
  }
}

/** One draw of Laplace(0, scale) by inversion of its CDF. */
export function laplaceNoise(scale: number, random: UniformRandom): number {
  const u = openUniform(random) - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/** One draw of Normal(0, sigma²) by the Box–Muller transform. */
export function gaussianNoise(sigma: number, random: UniformRandom): number {
  const radius = Math.sqrt(-2 * Math.log(openUniform(random)));
  return sigma * radius * Math.cos(2 * Math.PI * random());
}

export function laplaceScale(sensitivity: number, epsilon: number): number {
  return sensitivity / epsilon;
}

export function gaussianSigma(sensitivity: number, epsilon: number, delta: number): number {
  return (sensitivity * Math.sqrt(2 * Math.log(1.25 / delta))) / epsilon;
}

/** How much one row can change the aggregate in one group. */
export function aggregateSensitivity(aggregate: DpAggregate): number {
  if (aggregate.measure === 'count' || aggregate.clamp === undefined) return 1;
  return Math.max(Math.abs(aggregate.clamp[0]), Math.abs(aggregate.clamp[1]));
}

export interface ReleasedGroup {
  group: Record<string, string>;
  value: number;
}

/** One released aggregate as it appears in the report. */
export interface ReleasedAggregate {
  name: string;
  measure: 'count' | 'sum';
  column: string | null;
  clamp: [number, number] | null;
  group_by: string[];
  mechanism: 'laplace' | 'gaussian';
  epsilon: number;
  delta: number | null;
  sensitivity: number;
  /** Laplace scale b or Gaussian standard deviation σ. */
  noise_scale: number;
  groups: ReleasedGroup[];
}

export interface PrivacyBudget {
  epsilon: number;
  delta: number;
}

/** Collects the exact aggregates row by row (memory: one number per declared group), then releases them noisy. */
export interface AggregateAccumulator {
  add(cells: readonly string[]): void;
  release(random: UniformRandom): { aggregates: ReleasedAggregate[]; budget: PrivacyBudget };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function numericOrZero(raw: string | undefined): number {
  const text = (raw ?? '').trim();
  const value = NUMBER.test(text) ? Number(text) : 0;
  return Number.isFinite(value) ? value : 0;
}

interface AggregateState {
  spec: DpAggregate;
  columns: number[];
  domains: string[][];
  indexes: Map<string, number>[];
  valueColumn: number;
  totals: Float64Array;
}

/** `header` must hold every column the aggregates name (the caller checks it against the spec first). */
export function createAggregateAccumulator(spec: AnonymizationSpec, header: readonly string[]): AggregateAccumulator {
  const states: AggregateState[] = spec.aggregates.map((aggregate) => {
    const domains = aggregate.group_by.map(
      (column) => aggregate.domain[column] ?? categoryDomain(spec.quasi_identifiers[column]) ?? [],
    );
    const groups = domains.reduce((product, values) => product * values.length, 1);
    return {
      spec: aggregate,
      columns: aggregate.group_by.map((column) => header.indexOf(column)),
      domains,
      indexes: domains.map((values) => new Map(values.map((value, i) => [value, i]))),
      valueColumn: aggregate.column === undefined ? -1 : header.indexOf(aggregate.column),
      totals: new Float64Array(groups),
    };
  });

  return {
    add(cells) {
      for (const state of states) {
        // Rows whose group value is outside the declared domain are not counted in this aggregate.
        let group = 0;
        let inside = true;
        for (let g = 0; g < state.columns.length && inside; g += 1) {
          const index = state.indexes[g]!.get(cells[state.columns[g]!] ?? '');
          if (index === undefined) inside = false;
          else group = group * state.domains[g]!.length + index;
        }
        if (!inside) continue;
        if (state.spec.measure === 'count') {
          state.totals[group] = state.totals[group]! + 1;
        } else {
          const [low, high] = state.spec.clamp!;
          const value = Math.min(high, Math.max(low, numericOrZero(cells[state.valueColumn])));
          state.totals[group] = state.totals[group]! + value;
        }
      }
    },
    release(random) {
      const budget: PrivacyBudget = { epsilon: 0, delta: 0 };
      const aggregates = states.map((state): ReleasedAggregate => {
        const { spec: aggregate } = state;
        const sensitivity = aggregateSensitivity(aggregate);
        const gaussian = aggregate.mechanism === 'gaussian';
        const delta = aggregate.delta ?? 0;
        const scale = gaussian
          ? gaussianSigma(sensitivity, aggregate.epsilon, delta)
          : laplaceScale(sensitivity, aggregate.epsilon);
        budget.epsilon += aggregate.epsilon;
        budget.delta += gaussian ? delta : 0;
        const groups = Array.from(state.totals, (total, index): ReleasedGroup => {
          const values: string[] = [];
          let rest = index;
          for (let g = state.domains.length - 1; g >= 0; g -= 1) {
            const size = state.domains[g]!.length;
            values[g] = state.domains[g]![rest % size]!;
            rest = Math.floor(rest / size);
          }
          const group = Object.fromEntries(aggregate.group_by.map((column, g) => [column, values[g]!]));
          const noisy = total + (gaussian ? gaussianNoise(scale, random) : laplaceNoise(scale, random));
          return { group, value: aggregate.measure === 'count' ? Math.round(noisy) : noisy };
        });
        return {
          name: aggregate.name,
          measure: aggregate.measure,
          column: aggregate.column ?? null,
          clamp: aggregate.clamp ?? null,
          group_by: aggregate.group_by,
          mechanism: aggregate.mechanism,
          epsilon: aggregate.epsilon,
          delta: gaussian ? delta : null,
          sensitivity,
          noise_scale: scale,
          groups,
        };
      });
      return { aggregates, budget };
    },
  };
}
