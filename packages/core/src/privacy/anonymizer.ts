import { InputError } from '../errors.ts';
import {
  ANONYMIZATION_ALGORITHM,
  type AnonymizationReport,
  analyseRefusal,
  type InformationLoss,
} from './anonymization-report.ts';
import type { AnonymizationSpec } from './anonymization-spec.ts';
import { createAggregateAccumulator, type UniformRandom } from './differential-privacy.ts';
import { buildGeneralizer, type Generalizer } from './generalization.ts';
import {
  classFails,
  classKeyFunction,
  type EncodedAttribute,
  type EncodedTable,
  partition,
  searchLattice,
} from './lattice-search.ts';

/**
 * Anonymisation of one table in two passes, so that a large file never has to be held in memory: pass 1 hands
 * every record to `addRow` (only distinct quasi-identifier/sensitive combinations are kept), `solve` searches the
 * lattice and decides, and pass 2 hands the same records to the publisher, which recodes each row or drops it.
 */
export interface Anonymizer {
  /** A record the CSV reader could not parse; counted and reported with its line. */
  addMalformed(line: number, reason: string): void;
  /** Pass 1. `rejected`: a quasi-identifier value is outside its hierarchy; the row is never published. */
  addRow(cells: readonly string[], line: number): 'ok' | 'malformed' | 'rejected';
  /**
   * Searches and decides. `publisher` is null when the targets cannot be met (the report says why). `random`
   * draws the noise of the DP aggregates; `onSearchProgress` hears the lattice search advance.
   */
  solve(
    random: UniformRandom,
    onSearchProgress?: (visited: number, nodes: number) => void,
  ): { report: AnonymizationReport; publisher: Publisher | null };
}

/** Pass 2: the published header, then each record recoded, or null when it is not published. */
export interface Publisher {
  readonly header: string[];
  publish(cells: readonly string[]): string[] | null;
  /** Rows published so far; the caller compares it with the report to detect an input changed under it. */
  readonly published: number;
}

export interface AnonymizerOptions {
  /** Keyed pseudonym of a direct identifier (HMAC-SHA-256 in the CLI); required when the spec pseudonymizes. */
  pseudonymize?: (value: string) => string;
}

const MAX_PROBLEMS_REPORTED = 20;

/** Column index of every name; the header must name each spec column once. */
function indexHeader(spec: AnonymizationSpec, header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (index.has(name)) throw new InputError(`the CSV header names column '${name}' twice`);
    index.set(name, i);
  });
  const named = [
    ...Object.keys(spec.direct_identifiers),
    ...Object.keys(spec.quasi_identifiers),
    ...spec.sensitive,
    ...spec.aggregates.flatMap((a) => [...a.group_by, ...(a.column === undefined ? [] : [a.column])]),
  ];
  const missing = [...new Set(named.filter((column) => !index.has(column)))];
  if (missing.length > 0) throw new InputError(`the CSV has no column ${missing.map((c) => `'${c}'`).join(', ')}`);
  return index;
}

/** Interns strings to dense ids. */
class Interner {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

/**
 * Loss Metric of each original value at one level. Numeric: the share of the observed range its interval covers;
 * other types: (values merged with it − 1) / (distinct values − 1). A missing value loses nothing until `'*'`.
 */
function levelLoss(
  generalizer: Generalizer,
  values: readonly string[],
  codes: Int32Array,
  level: number,
): Float64Array {
  const loss = new Float64Array(values.length);
  if (level === 0) return loss;
  const present = values.map((value, id) => ({ value, id })).filter(({ value }) => value !== '');
  const top = generalizer.suppresses(level);
  if (generalizer.type === 'numeric' && !top) {
    let [min, max] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const { value } of present)
      [min, max] = [Math.min(min, Number(value.trim())), Math.max(max, Number(value.trim()))];
    for (const { value, id } of present) {
      const [low, high] = generalizer.interval(value, level)!;
      loss[id] = max === min ? 0 : (Math.min(high, max) - Math.max(low, min)) / (max - min);
    }
    return loss;
  }
  const merged = new Map<number, number>();
  for (const { id } of present) merged.set(codes[id]!, (merged.get(codes[id]!) ?? 0) + 1);
  for (const { value, id } of values.map((value, id) => ({ value, id }))) {
    if (value === '') loss[id] = top ? 1 : 0;
    else if (top) loss[id] = 1;
    else loss[id] = present.length <= 1 ? 0 : (merged.get(codes[id]!)! - 1) / (present.length - 1);
  }
  return loss;
}

export function createAnonymizer(
  spec: AnonymizationSpec,
  header: readonly string[],
  options: AnonymizerOptions = {},
): Anonymizer {
  const index = indexHeader(spec, header);
  const pseudonymized = Object.keys(spec.direct_identifiers).filter(
    (c) => spec.direct_identifiers[c] === 'pseudonymize',
  );
  if (pseudonymized.length > 0 && options.pseudonymize === undefined)
    throw new InputError(`pseudonymizing ${pseudonymized.join(', ')} needs a key`);

  const generalizers = Object.entries(spec.quasi_identifiers).map(([column, qi]) => buildGeneralizer(column, qi));
  const qiColumns = generalizers.map((g) => index.get(g.column)!);
  const sensitiveColumns = spec.sensitive.map((column) => index.get(column)!);
  const qiValues = generalizers.map(() => new Interner());
  const sensitiveValues = spec.sensitive.map(() => new Interner());
  const tuples = new Interner();
  const tupleCounts: number[] = [];
  const aggregates = createAggregateAccumulator(spec, header);
  const problems: AnonymizationReport['problems'] = [];
  const counts = { rows: 0, malformed: 0, rejected: 0, anonymized: 0 };
  const problem = (line: number, reason: string) => {
    if (problems.length < MAX_PROBLEMS_REPORTED) problems.push({ line, reason });
  };
  const firstProblem = (cells: readonly string[]) => {
    for (const [q, generalizer] of generalizers.entries()) {
      const reason = generalizer.problem(cells[qiColumns[q]!] ?? '');
      if (reason !== null) return `${generalizer.column}: ${reason}`;
    }
    return null;
  };

  const unclassified = header.filter(
    (c) =>
      spec.direct_identifiers[c] === undefined &&
      spec.quasi_identifiers[c] === undefined &&
      !spec.sensitive.includes(c),
  );
  const published = header
    .map((column, i) => ({ column, i }))
    .filter(({ column }) => spec.direct_identifiers[column] !== 'drop')
    .filter(({ column }) => spec.other_columns === 'keep' || !unclassified.includes(column));

  return {
    addMalformed(line, reason) {
      counts.rows += 1;
      counts.malformed += 1;
      problem(line, reason);
    },
    addRow(cells, line) {
      counts.rows += 1;
      if (cells.length !== header.length) {
        counts.malformed += 1;
        problem(line, `malformed: ${cells.length} fields, the header has ${header.length}`);
        return 'malformed';
      }
      const reason = firstProblem(cells);
      if (reason !== null) {
        counts.rejected += 1;
        problem(line, reason);
        return 'rejected';
      }
      counts.anonymized += 1;
      const qi = qiColumns.map((column, q) => qiValues[q]!.id(cells[column]!));
      const sensitive = sensitiveColumns.map((column, s) =>
        cells[column] === '' ? -1 : sensitiveValues[s]!.id(cells[column]!),
      );
      const tuple = tuples.id(`${qi.join(',')}|${sensitive.join(',')}`);
      tupleCounts[tuple] = (tupleCounts[tuple] ?? 0) + 1;
      aggregates.add(cells);
      return 'ok';
    },

    solve(random, onSearchProgress) {
      const encoded: EncodedAttribute[] = generalizers.map((generalizer, q) => {
        const values = qiValues[q]!.values;
        const levels = Array.from({ length: generalizer.height + 1 }, (_, level) => {
          const recoded = new Interner();
          const codes = Int32Array.from(values, (value) => recoded.id(generalizer.generalize(value, level)));
          return { codes, cardinality: recoded.values.length, loss: levelLoss(generalizer, values, codes, level) };
        });
        return {
          height: generalizer.height,
          codes: levels.map((l) => l.codes),
          cardinality: levels.map((l) => l.cardinality),
          loss: levels.map((l) => l.loss),
        };
      });
      const parsedTuples = tuples.values.map((key) =>
        key.split('|').map((part) => (part === '' ? [] : part.split(',').map(Number))),
      );
      const table: EncodedTable = {
        attributes: encoded,
        tupleQi: generalizers.map((_, q) => Int32Array.from(parsedTuples, (t) => t[0]![q]!)),
        tupleSensitive: spec.sensitive.map((_, s) => Int32Array.from(parsedTuples, (t) => t[1]![s]!)),
        tupleCount: Int32Array.from(tupleCounts),
        rows: counts.anonymized,
      };
      const targets = { k: spec.k, l: spec.l, maxSuppression: spec.max_suppression };
      const search = searchLattice(table, targets, onSearchProgress);

      const report: AnonymizationReport = {
        status: 'refused',
        algorithm: ANONYMIZATION_ALGORITHM,
        targets: { k: spec.k, l: spec.l, max_suppression: spec.max_suppression },
        achieved: { k: null, l: null },
        rows_in: counts.rows,
        malformed_rows: counts.malformed,
        rejected_rows: counts.rejected,
        rows_anonymized: counts.anonymized,
        suppressed_rows: 0,
        suppression_rate: 0,
        rows_out: 0,
        levels: null,
        information_loss: null,
        equivalence_classes: null,
        lattice: { nodes: search.nodes, evaluated: search.evaluated, satisfying: search.satisfying },
        direct_identifiers: Object.fromEntries(
          Object.entries(spec.direct_identifiers).map(([c, how]) => [
            c,
            how === 'drop' ? 'dropped' : 'pseudonymized (HMAC-SHA-256)',
          ]),
        ),
        sensitive: spec.sensitive,
        other_columns: { handling: spec.other_columns, columns: unclassified },
        problems,
        refusal: null,
        aggregates: [],
        privacy_budget: null,
      };
      if (search.best === null) {
        report.refusal = analyseRefusal(
          table,
          generalizers.map((g) => g.height),
          targets,
        );
        return { report, publisher: null };
      }

      const levels = search.best.levels;
      const classes = partition(table, levels, Number.POSITIVE_INFINITY);
      const keyOf = classKeyFunction(encoded.map((a, q) => a.cardinality[levels[q]!]!));
      const suppressedKeys = new Set<number | string>();
      const kept: number[] = [];
      classes.size.forEach((size, c) => {
        if (classFails(size, classes.diversity[c]!, spec.k, spec.l)) suppressedKeys.add(classes.keys[c]!);
        else kept.push(c);
      });
      const suppressed = search.best.suppressedRows;
      const released = aggregates.release(random);
      Object.assign(report, {
        status: 'published',
        achieved: {
          k: smallest(kept.map((c) => classes.size[c]!)),
          l: spec.sensitive.length === 0 ? null : smallest(kept.map((c) => classes.diversity[c]!)),
        },
        suppressed_rows: suppressed,
        suppression_rate: counts.anonymized === 0 ? 0 : suppressed / counts.anonymized,
        rows_out: counts.anonymized - suppressed,
        levels: Object.fromEntries(
          generalizers.map((g, q) => [g.column, { level: levels[q]!, of: g.height, rule: g.describe(levels[q]!) }]),
        ),
        information_loss: informationLoss(
          table,
          generalizers,
          levels,
          classes.classOf,
          kept,
          classes.size,
          search.best.loss,
        ),
        equivalence_classes: kept.length,
        aggregates: released.aggregates,
        privacy_budget: spec.aggregates.length === 0 ? null : released.budget,
      } satisfies Partial<AnonymizationReport>);

      const recodedValues = encoded.map((attribute, q) => {
        const codes = attribute.codes[levels[q]!]!;
        const out: string[] = [];
        qiValues[q]!.values.forEach((value, id) => (out[codes[id]!] = generalizers[q]!.generalize(value, levels[q]!)));
        return out;
      });
      const qiAt = new Map(qiColumns.map((column, q) => [column, q]));
      let publishedRows = 0;
      const publisher: Publisher = {
        header: published.map(({ column }) => column),
        get published() {
          return publishedRows;
        },
        publish(cells) {
          if (cells.length !== header.length || firstProblem(cells) !== null) return null;
          const ids = qiColumns.map((column, q) => {
            const id = qiValues[q]!.ids.get(cells[column]!);
            if (id === undefined) throw new InputError('the input changed between the two passes over it');
            return encoded[q]!.codes[levels[q]!]![id]!;
          });
          if (suppressedKeys.has(keyOf(ids))) return null;
          publishedRows += 1;
          return published.map(({ column, i }) => {
            const q = qiAt.get(i);
            if (q !== undefined) return recodedValues[q]![ids[q]!]!;
            const raw = cells[i]!;
            return spec.direct_identifiers[column] === 'pseudonymize' && raw !== '' ? options.pseudonymize!(raw) : raw;
          });
        },
      };
      return { report, publisher };
    },
  };
}

/** Minimum without spreading (a spread of 100 000 classes overflows the stack); null when empty. */
function smallest(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => Math.min(a, b));
}

function informationLoss(
  table: EncodedTable,
  generalizers: readonly Generalizer[],
  levels: readonly number[],
  classOf: Int32Array,
  kept: readonly number[],
  sizes: readonly number[],
  loss: number,
): InformationLoss {
  const keptSet = new Set(kept);
  const perAttribute = generalizers.map(() => 0);
  let suppressed = 0;
  for (let t = 0; t < table.tupleCount.length; t += 1) {
    const count = table.tupleCount[t]!;
    if (!keptSet.has(classOf[t]!)) {
      suppressed += count;
      continue;
    }
    generalizers.forEach((_, q) => {
      perAttribute[q] = perAttribute[q]! + count * table.attributes[q]!.loss[levels[q]!]![table.tupleQi[q]![t]!]!;
    });
  }
  const rows = table.rows;
  return {
    metric: 'loss_metric',
    value: loss,
    per_attribute: Object.fromEntries(
      generalizers.map((g, q) => [g.column, rows === 0 ? 0 : (perAttribute[q]! + suppressed) / rows]),
    ),
    discernibility: kept.reduce((sum, c) => sum + sizes[c]! ** 2, 0) + suppressed * rows,
    precision:
      1 -
      generalizers.reduce((sum, g, q) => sum + (g.height === 0 ? 0 : levels[q]! / g.height), 0) / generalizers.length,
  };
}
