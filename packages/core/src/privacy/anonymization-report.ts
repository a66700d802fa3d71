import type { PrivacyBudget, ReleasedAggregate } from './differential-privacy.ts';
import {
  allowedSuppression,
  classFails,
  type ClassPartition,
  type EncodedTable,
  partition,
  type PrivacyTargets,
} from './lattice-search.ts';

export const ANONYMIZATION_ALGORITHM =
  'full-domain generalisation: exhaustive lattice search with monotonicity pruning (Samarati 2001, Incognito 2005), ' +
  'suppression of equivalence classes below k or l, least Loss Metric (Iyengar 2002) among the solutions';

/** Why the targets cannot be met, and what could be: computed at the most general node, the best case. */
export interface Refusal {
  reason: string;
  /** The targets that fail on their own (`k`, `l`), or both together when neither fails alone. */
  unmet: ('k' | 'l' | 'k and l together')[];
  /** Share of rows that would need suppressing even with every quasi-identifier at its coarsest level. */
  min_suppression_rate: number;
  /** Largest k reachable with the l target within max_suppression (0: none, l itself is out of reach). */
  best_k: number;
  /** Largest l reachable with the k target within max_suppression (0: none, k itself is out of reach). */
  best_l: number;
}

export interface InformationLoss {
  /** Iyengar's Loss Metric averaged over all quasi-identifier cells, suppressed rows counting 1: 0 none, 1 all. */
  metric: 'loss_metric';
  value: number;
  per_attribute: Record<string, number>;
  /** Bayardo & Agrawal: Σ|class|² over published classes + suppressed rows × rows. Lower is better. */
  discernibility: number;
  /** Sweeney's precision: 1 − mean(level / height) over quasi-identifiers. 1 = no generalisation. */
  precision: number;
}

/** The JSON report of one anonymisation run (`--report`). Rates are shares of the rows that were anonymised. */
export interface AnonymizationReport {
  status: 'published' | 'refused';
  algorithm: string;
  targets: { k: number; l: number; max_suppression: number };
  achieved: { k: number | null; l: number | null };
  rows_in: number;
  malformed_rows: number;
  rejected_rows: number;
  rows_anonymized: number;
  suppressed_rows: number;
  suppression_rate: number;
  rows_out: number;
  levels: Record<string, { level: number; of: number; rule: string }> | null;
  information_loss: InformationLoss | null;
  equivalence_classes: number | null;
  lattice: { nodes: number; evaluated: number; satisfying: number };
  direct_identifiers: Record<string, 'dropped' | 'pseudonymized (HMAC-SHA-256)'>;
  sensitive: string[];
  other_columns: { handling: 'keep' | 'drop'; columns: string[] };
  /** The first problems met: malformed CSV records and rows with values outside their hierarchy. */
  problems: { line: number; reason: string }[];
  refusal: Refusal | null;
  aggregates: ReleasedAggregate[];
  privacy_budget: PrivacyBudget | null;
}

function suppressionNeeded(classes: ClassPartition, k: number, l: number): number {
  let rows = 0;
  classes.size.forEach((size, c) => {
    if (classFails(size, classes.diversity[c]!, k, l)) rows += size;
  });
  return rows;
}

/** Largest t in [1, limit] with `fits(t)`, for a predicate that holds up to some t and fails after; 0 if none. */
function largestFitting(limit: number, fits: (t: number) => boolean): number {
  if (!fits(1)) return 0;
  let [low, high] = [1, limit];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

const percent = (share: number) => `${Math.round(share * 10_000) / 100}%`;

/**
 * Explains a refusal. Satisfaction is monotone in the levels, so the top of the lattice is the best case: what
 * cannot be met there cannot be met anywhere.
 */
export function analyseRefusal(table: EncodedTable, heights: readonly number[], targets: PrivacyTargets): Refusal {
  const top = partition(table, heights, Number.POSITIVE_INFINITY);
  const allowed = allowedSuppression(table.rows, targets.maxSuppression);
  const rate = (rows: number) => (table.rows === 0 ? 0 : rows / table.rows);
  const needed = suppressionNeeded(top, targets.k, targets.l);
  const kAlone = suppressionNeeded(top, targets.k, 1);
  const lAlone = suppressionNeeded(top, 1, targets.l);
  const unmet: Refusal['unmet'] = [];
  if (kAlone > allowed) unmet.push('k');
  if (lAlone > allowed) unmet.push('l');
  if (unmet.length === 0) unmet.push('k and l together');
  const bestK = largestFitting(targets.k, (k) => suppressionNeeded(top, k, targets.l) <= allowed);
  const bestL = largestFitting(targets.l, (l) => suppressionNeeded(top, targets.k, l) <= allowed);

  const parts = [
    `k=${targets.k}${targets.l > 1 ? ` with l=${targets.l}` : ''} needs ${needed} of ${table.rows} rows ` +
      `(${percent(rate(needed))}) suppressed even with every quasi-identifier at its coarsest level, ` +
      `more than max_suppression ${percent(targets.maxSuppression)} (${allowed} rows)`,
  ];
  if (targets.l > 1) {
    parts.push(`k=${targets.k} alone needs ${percent(rate(kAlone))}, l=${targets.l} alone ${percent(rate(lAlone))}`);
    parts.push(
      bestK > 0
        ? `best achievable with l=${targets.l}: k=${bestK}`
        : `l=${targets.l} cannot be reached within the limit at any k`,
    );
    parts.push(
      bestL > 0
        ? `best achievable with k=${targets.k}: l=${bestL}`
        : `k=${targets.k} cannot be reached within the limit`,
    );
  } else {
    parts.push(bestK > 0 ? `best achievable: k=${bestK}` : 'no k can be reached within the limit');
  }
  return {
    reason: `cannot publish: ${parts.join('; ')}`,
    unmet,
    min_suppression_rate: rate(needed),
    best_k: bestK,
    best_l: bestL,
  };
}
