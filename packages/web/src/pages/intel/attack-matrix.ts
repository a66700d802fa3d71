import type { AttackCoverage, AttackTacticCoverage, AttackTechniqueCoverage } from '../../api/intel-schemas.ts';

/**
 * The ATT&CK coverage matrix: one column per tactic in the framework's order (as the server sends it), one cell
 * per technique, coloured by how many enabled rules detect it (as in ATT&CK Navigator's score layers).
 */

/** 0: no rule; 1: one rule; 2: two or three; 3: four or more. One rule is a single point of failure. */
export type CoverageTier = 0 | 1 | 2 | 3;

export function coverageTier(rules: number): CoverageTier {
  if (rules <= 0) return 0;
  if (rules === 1) return 1;
  if (rules <= 3) return 2;
  return 3;
}

export const TIER_LABELS: Readonly<Record<CoverageTier, string>> = {
  0: 'No rule',
  1: '1 rule',
  2: '2–3 rules',
  3: '4 or more rules',
};

export interface MatrixCell extends AttackTechniqueCoverage {
  readonly tier: CoverageTier;
}

export interface MatrixColumn {
  readonly tactic: Omit<AttackTacticCoverage, 'techniques'>;
  readonly cells: readonly MatrixCell[];
  readonly covered: number;
  readonly total: number;
}

/**
 * Columns with covered techniques first (most rules first, then most alerts), then the gaps by name: the
 * top of each column shows what the city detects, the rest what it does not. `onlyCovered` hides the gaps.
 */
export function layoutMatrix(coverage: AttackCoverage, onlyCovered: boolean): MatrixColumn[] {
  return coverage.tactics.map(({ techniques, ...tactic }) => {
    const cells = techniques
      .map((technique) => ({ ...technique, tier: coverageTier(technique.rules.length) }))
      .sort(
        (a, b) =>
          b.rules.length - a.rules.length ||
          b.alerts_30d - a.alerts_30d ||
          a.name.localeCompare(b.name) ||
          a.id.localeCompare(b.id),
      );
    const covered = cells.filter((cell) => cell.tier > 0).length;
    return {
      tactic,
      cells: onlyCovered ? cells.filter((cell) => cell.tier > 0) : cells,
      covered,
      total: cells.length,
    };
  });
}

/** "42 of 211 techniques (20 %)"; the share is rounded down so that 99.6 % does not read as complete. */
export function coverageSummary(coverage: Pick<AttackCoverage, 'techniques_total' | 'techniques_covered'>): string {
  const { techniques_total: total, techniques_covered: covered } = coverage;
  const share = total === 0 ? 0 : Math.floor((covered / total) * 100);
  return `${covered.toLocaleString()} of ${total.toLocaleString()} techniques (${share} %)`;
}

/**
 * The technique's page as a link target, only when it is an http(s) address: the URL comes from an imported
 * bundle, and a `javascript:` link would run in the dashboard.
 */
export function techniqueLink(url: string | null | undefined): string | null {
  if (url === null || url === undefined) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}
