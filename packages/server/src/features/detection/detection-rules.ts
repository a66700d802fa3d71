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
import { loadRuleDirectory } from './sigma-files.loader.ts';

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
 * Compiles the shipped rules plus any configured folders into one engine, with the correlations of all the
 * folders checked against the rules of all the folders (a correlation may use a SigmaHQ rule). Rules and
 * correlations that cannot run are returned with their reasons (and logged by the caller), never silently
 * dropped.
 */
export function loadDetectionEngine(extraDirs: readonly string[]): {
  engine: DetectionEngine;
  rejections: RuleRejection[];
} {
  const rules: SigmaRule[] = [];
  const correlations: SigmaCorrelation[] = [];
  const filters: SigmaFilter[] = [];
  const rejections: RuleRejection[] = [];
  for (const dir of [SHIPPED_RULES_DIR, ...extraDirs]) {
    const loaded = loadRuleDirectory(dir);
    rules.push(...loaded.rules);
    correlations.push(...loaded.correlations);
    filters.push(...loaded.filters);
    rejections.push(...loaded.errors);
  }
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
    rejections: [...rejections, ...engine.rejected, ...correlationSet.rejected],
  };
}
