import { fileURLToPath } from 'node:url';
import { compile, type RuleRejection, type SigmaEngine } from '@citysoc/core/sigma';
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
  const rules = [];
  const rejections: RuleRejection[] = [];
  for (const dir of [SHIPPED_RULES_DIR, ...extraDirs]) {
    const loaded = loadRuleDirectory(dir);
    rules.push(...loaded.rules);
    rejections.push(...loaded.errors);
  }
  const engine = compile(rules);
  return { engine, rejections: [...rejections, ...engine.rejected] };
}
