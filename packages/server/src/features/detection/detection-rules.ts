import { fileURLToPath } from 'node:url';
import {
  compile,
  compileCorrelations,
  type CompiledCorrelations,
  type RuleRejection,
  type SigmaCorrelation,
  type SigmaEngine,
  type SigmaFilter,
  type SigmaRule,
} from '@citysoc/core/sigma';
import { loadFolderContent } from './rule-content.ts';

/** The rules shipped with CitySOC (content/rules). */
export const SHIPPED_RULES_DIR = fileURLToPath(new URL('../../../../../content/rules', import.meta.url));

/** What the pipeline runs: the Sigma rules, and the correlations over their hits. */
export interface DetectionEngine extends SigmaEngine {
  /** Correlations checked against the rules that compiled; `silentRules` raise no alerts of their own. */
  readonly correlations: CompiledCorrelations;
  /**
   * The rules some correlation references, alone (filters applied): what a restart evaluates to rebuild the
   * correlation windows, so it does not pay for the rules whose hits it would throw away.
   */
  readonly correlatedRules: SigmaEngine;
}

/**
 * Compiles rules, correlations and filters into one engine, with the correlations checked against the rules
 * that compiled (a correlation may use a SigmaHQ rule). What cannot run is returned with its reason.
 */
export function buildDetectionEngine(
  rules: readonly SigmaRule[],
  correlations: readonly SigmaCorrelation[],
  filters: readonly SigmaFilter[],
): { engine: DetectionEngine; rejections: RuleRejection[] } {
  const engine = compile(rules, { filters });
  const correlationSet = compileCorrelations(correlations, engine.rules);
  const referenced = new Set(
    correlationSet.correlations.flatMap((c) =>
      c.sources.flatMap((s) => (s.target.kind === 'rule' ? [s.target.id] : [])),
    ),
  );
  // Filters attach to rules by id, so the subset keeps every exclusion its rules had in the full engine.
  const correlatedRules = compile(
    engine.rules.filter((r) => referenced.has(r.id)),
    { filters },
  );
  return {
    engine: {
      rules: engine.rules,
      rejected: engine.rejected,
      match: (event) => engine.match(event),
      explain: (rule, event) => engine.explain(rule, event),
      correlations: correlationSet,
      correlatedRules,
    },
    rejections: [...engine.rejected, ...correlationSet.rejected],
  };
}

/**
 * Compiles the shipped rules plus any configured folders into one engine, every rule on: the plain engine of
 * the files, for tools and tests. The pipeline runs the rule catalog's engine instead (rule-catalog.ts), which
 * adds uploads, disabled rules, stance rule packs and thresholds. Rules and correlations that cannot run are
 * returned with their reasons (and logged by the caller), never silently dropped.
 */
export function loadDetectionEngine(extraDirs: readonly string[]): {
  engine: DetectionEngine;
  rejections: RuleRejection[];
} {
  const content = loadFolderContent([
    { dir: SHIPPED_RULES_DIR, source: 'shipped' },
    ...extraDirs.map((dir) => ({ dir, source: 'folder' as const })),
  ]);
  const built = buildDetectionEngine(
    content.rules.map((r) => r.item),
    content.correlations.map((c) => c.item),
    content.filters.map((f) => f.item),
  );
  return { engine: built.engine, rejections: [...content.errors, ...built.rejections] };
}
