import { fileURLToPath } from 'node:url';
import { compile, type RuleRejection, type SigmaEngine, type SigmaFilter, type SigmaRule } from '@citysoc/core/sigma';
import { loadRuleDirectory } from './sigma-files.loader.ts';

/** The rules shipped with CitySOC (content/rules). */
export const SHIPPED_RULES_DIR = fileURLToPath(new URL('../../../../../content/rules', import.meta.url));

/**
 * Compiles the shipped rules plus any configured folders into one engine. Rules that cannot run are
 * returned with their reasons (and logged by the caller), never silently dropped.
 */
export function loadDetectionEngine(extraDirs: readonly string[]): {
  engine: SigmaEngine;
  rejections: RuleRejection[];
} {
  const rules: SigmaRule[] = [];
  const filters: SigmaFilter[] = [];
  const rejections: RuleRejection[] = [];
  for (const dir of [SHIPPED_RULES_DIR, ...extraDirs]) {
    const loaded = loadRuleDirectory(dir);
    rules.push(...loaded.rules);
    filters.push(...loaded.filters);
    rejections.push(...loaded.errors);
    // The streaming correlator runs in `citysoc rules match`; the pipeline does not keep correlation state
    // yet, so a correlation here is refused by name rather than silently ignored.
    for (const correlation of loaded.correlations) {
      rejections.push({
        ...(correlation.file !== undefined && { file: correlation.file }),
        ...(correlation.id !== null && { id: correlation.id }),
        reason: 'correlation rules are not yet evaluated in the pipeline (they run in `citysoc rules match`)',
      });
    }
  }
  const engine = compile(rules, { filters });
  return { engine, rejections: [...rejections, ...engine.rejected] };
}
