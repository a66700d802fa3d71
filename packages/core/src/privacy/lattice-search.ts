/**
 * Full-domain generalisation by a search of the generalisation lattice, with suppression of outlier classes —
 * Samarati's formulation (P. Samarati, "Protecting respondents' identities in microdata release", IEEE TKDE 13(6),
 * 2001) searched exhaustively with Incognito's monotonicity pruning (LeFevre, DeWitt, Ramakrishnan, SIGMOD 2005).
 *
 * A node of the lattice gives one level per quasi-identifier; every row is recoded to those levels, rows with equal
 * recoded quasi-identifiers form an equivalence class, and classes smaller than k (or with fewer than l distinct
 * values of a sensitive attribute) are suppressed. A node satisfies the targets when at most `maxSuppression` of
 * the rows are suppressed. Satisfaction is monotone — generalising merges classes, and a merged class fails only
 * if all its parts failed — so when a node fails every node below it fails too: the search walks the lattice from
 * the top and never evaluates below a failing node. Among the satisfying nodes it picks the one with the least
 * information loss (Iyengar's Loss Metric, suppressed cells counting as fully lost), because with suppression in
 * play the cheapest solution need not be a minimal one; ties go to the lower total height, then fewer suppressed
 * rows, then the lexicographically smaller levels, so the result is deterministic.
 *
 * The search works on distinct (quasi-identifier, sensitive) tuples with counts, not on rows: memory and time grow
 * with the number of distinct combinations, not with the file.
 */

/** One quasi-identifier, encoded: value ids per level and the loss of each original value at each level. */
export interface EncodedAttribute {
  readonly height: number;
  /** `codes[level][originalId]` is the id of the recoded value at that level. */
  readonly codes: readonly Int32Array[];
  /** Number of distinct recoded values at each level. */
  readonly cardinality: readonly number[];
  /** `loss[level][originalId]` in [0, 1]: the Loss Metric of one cell. */
  readonly loss: readonly Float64Array[];
}

/** Distinct tuples of the table with their multiplicity. Sensitive id -1 is a missing value. */
export interface EncodedTable {
  readonly attributes: readonly EncodedAttribute[];
  readonly tupleQi: readonly Int32Array[];
  readonly tupleSensitive: readonly Int32Array[];
  readonly tupleCount: Int32Array;
  readonly rows: number;
}

export interface PrivacyTargets {
  readonly k: number;
  readonly l: number;
  readonly maxSuppression: number;
}

/** The equivalence classes at one node. `diversity` is the smallest distinct count over sensitive attributes. */
export interface ClassPartition {
  readonly classOf: Int32Array;
  readonly size: number[];
  readonly diversity: number[];
  /** The key of each class, as `classKey` computes it from recoded ids. */
  readonly keys: (number | string)[];
}

export interface NodeEvaluation {
  readonly levels: readonly number[];
  readonly suppressedRows: number;
  readonly satisfies: boolean;
  /** Loss Metric averaged over every quasi-identifier cell of every row, in [0, 1]. */
  readonly loss: number;
}

export interface LatticeSearchResult {
  readonly best: NodeEvaluation | null;
  readonly nodes: number;
  readonly evaluated: number;
  readonly satisfying: number;
}

/** Rows a target allows to suppress; the small epsilon keeps 0.05 × 100 from rounding down to 4. */
export function allowedSuppression(rows: number, maxSuppression: number): number {
  return Math.floor(maxSuppression * rows + 1e-9);
}

/**
 * The key of a class from its recoded ids: a mixed-radix number while it fits in a double exactly, a string
 * beyond (many attributes with many values).
 */
export function classKeyFunction(cardinality: readonly number[]): (ids: readonly number[]) => number | string {
  const radix = cardinality.map((c) => Math.max(1, c));
  if (radix.reduce((product, c) => product * c, 1) < Number.MAX_SAFE_INTEGER) {
    return (ids) => {
      let key = 0;
      for (let q = 0; q < ids.length; q += 1) key = key * radix[q]! + ids[q]!;
      return key;
    };
  }
  return (ids) => ids.join(',');
}

/** Distinct values, counted up to a cap. */
class SeenList {
  private readonly values: number[] = [];
  constructor(private readonly cap: number) {}
  get length(): number {
    return this.values.length;
  }
  add(value: number): void {
    if (this.values.length < this.cap && !this.values.includes(value)) this.values.push(value);
  }
}

/** Distinct values, uncapped. */
class SeenSet {
  private readonly values = new Set<number>();
  get length(): number {
    return this.values.size;
  }
  add(value: number): void {
    this.values.add(value);
  }
}

/** Groups the tuples into classes at `levels`, counting distinct sensitive values up to `diversityCap`. */
export function partition(table: EncodedTable, levels: readonly number[], diversityCap: number): ClassPartition {
  const { attributes, tupleQi, tupleSensitive, tupleCount } = table;
  const cardinality = attributes.map((a, q) => Math.max(1, a.cardinality[levels[q]!]!));
  const keyOf = classKeyFunction(cardinality);
  const numericKeys = cardinality.reduce((product, c) => product * c, 1) < Number.MAX_SAFE_INTEGER;
  const codes = attributes.map((a, q) => a.codes[levels[q]!]!);
  const tuples = tupleCount.length;
  // With l ≤ 1 nothing asks for diversity: skip the sensitive values entirely (the hot loop of the search).
  const sensitive = diversityCap > 1 ? tupleSensitive.length : 0;
  const classIndex = new Map<number | string, number>();
  const classOf = new Int32Array(tuples);
  const size: number[] = [];
  const keys: (number | string)[] = [];
  // Small caps (the l of the search) scan a short array; large ones (the report's exact count) need a set.
  const seen: { length: number; add(value: number): void }[] = [];
  const newSeen = diversityCap > 16 ? () => new SeenSet() : () => new SeenList(diversityCap);
  const ids = new Array<number>(attributes.length).fill(0);
  for (let t = 0; t < tuples; t += 1) {
    let key: number | string;
    if (numericKeys) {
      // The mixed-radix key of classKeyFunction, inlined: this loop runs once per tuple per node.
      let k = 0;
      for (let q = 0; q < attributes.length; q += 1) k = k * cardinality[q]! + codes[q]![tupleQi[q]![t]!]!;
      key = k;
    } else {
      for (let q = 0; q < attributes.length; q += 1) ids[q] = codes[q]![tupleQi[q]![t]!]!;
      key = keyOf(ids);
    }
    let c = classIndex.get(key);
    if (c === undefined) {
      c = size.length;
      classIndex.set(key, c);
      size.push(0);
      keys.push(key);
      for (let s = 0; s < sensitive; s += 1) seen.push(newSeen());
    }
    classOf[t] = c;
    size[c] = size[c]! + tupleCount[t]!;
    for (let s = 0; s < sensitive; s += 1) {
      const value = tupleSensitive[s]![t]!;
      if (value >= 0) seen[c * sensitive + s]!.add(value);
    }
  }
  const diversity = size.map((_, c) => {
    if (sensitive === 0) return tupleSensitive.length === 0 ? Number.POSITIVE_INFINITY : 0;
    let least = Number.POSITIVE_INFINITY;
    for (let s = 0; s < sensitive; s += 1) least = Math.min(least, seen[c * sensitive + s]!.length);
    return least;
  });
  return { classOf, size, diversity, keys };
}

/** Whether a class is suppressed under the targets. l ≤ 1 asks no diversity at all. */
export function classFails(size: number, diversity: number, k: number, l: number): boolean {
  return size < k || (l > 1 && diversity < l);
}

export function evaluateNode(table: EncodedTable, levels: readonly number[], targets: PrivacyTargets): NodeEvaluation {
  const classes = partition(table, levels, targets.l);
  const fails = classes.size.map((size, c) => classFails(size, classes.diversity[c]!, targets.k, targets.l));
  let suppressedRows = 0;
  fails.forEach((failing, c) => {
    if (failing) suppressedRows += classes.size[c]!;
  });
  const attributes = table.attributes.length;
  let lost = 0;
  for (let t = 0; t < table.tupleCount.length; t += 1) {
    const count = table.tupleCount[t]!;
    if (fails[classes.classOf[t]!]) {
      lost += count * attributes;
      continue;
    }
    for (let q = 0; q < attributes; q += 1)
      lost += count * table.attributes[q]!.loss[levels[q]!]![table.tupleQi[q]![t]!]!;
  }
  return {
    levels,
    suppressedRows,
    satisfies: suppressedRows <= allowedSuppression(table.rows, targets.maxSuppression),
    loss: table.rows === 0 ? 0 : lost / (table.rows * attributes),
  };
}

function better(a: NodeEvaluation, b: NodeEvaluation): boolean {
  if (Math.abs(a.loss - b.loss) > 1e-12) return a.loss < b.loss;
  const height = (n: NodeEvaluation) => n.levels.reduce((sum, h) => sum + h, 0);
  if (height(a) !== height(b)) return height(a) < height(b);
  if (a.suppressedRows !== b.suppressedRows) return a.suppressedRows < b.suppressedRows;
  for (let q = 0; q < a.levels.length; q += 1) if (a.levels[q] !== b.levels[q]) return a.levels[q]! < b.levels[q]!;
  return false;
}

// Node status: 0 not yet known (the initial value of the Int8Array), then one of these.
const SATISFIES = 1;
const FAILS = 2;

/**
 * Searches the whole lattice top-down with pruning; `best` is null when even the top node fails. `onProgress`
 * hears after each node evaluated (nodes visited so far, total), for a progress bar on large tables.
 */
export function searchLattice(
  table: EncodedTable,
  targets: PrivacyTargets,
  onProgress?: (visited: number, nodes: number) => void,
): LatticeSearchResult {
  const heights = table.attributes.map((a) => a.height);
  // Node index = mixed radix over the levels; radix[q] is the index step of one level up in attribute q.
  const radix: number[] = [];
  let nodes = 1;
  for (let q = heights.length - 1; q >= 0; q -= 1) {
    radix[q] = nodes;
    nodes *= heights[q]! + 1;
  }
  const levelsOf = (index: number) => heights.map((_, q) => Math.floor(index / radix[q]!) % (heights[q]! + 1));
  const order = Array.from({ length: nodes }, (_, i) => i).map((index) => ({ index, levels: levelsOf(index) }));
  const totalHeight = (levels: readonly number[]) => levels.reduce((sum, h) => sum + h, 0);
  order.sort((a, b) => totalHeight(b.levels) - totalHeight(a.levels) || a.index - b.index);

  const status = new Int8Array(nodes);
  let best: NodeEvaluation | null = null;
  let evaluated = 0;
  let satisfying = 0;
  for (const [visited, { index, levels }] of order.entries()) {
    const generalisationFails = levels.some((h, q) => h < heights[q]! && status[index + radix[q]!] === FAILS);
    if (generalisationFails) {
      status[index] = FAILS;
      continue;
    }
    evaluated += 1;
    const evaluation = evaluateNode(table, levels, targets);
    onProgress?.(visited + 1, nodes);
    status[index] = evaluation.satisfies ? SATISFIES : FAILS;
    if (!evaluation.satisfies) continue;
    satisfying += 1;
    if (best === null || better(evaluation, best)) best = evaluation;
  }
  return { best, nodes, evaluated, satisfying };
}
