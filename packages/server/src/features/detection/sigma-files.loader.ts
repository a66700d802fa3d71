import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  parseRules,
  type RuleRejection,
  type SigmaCorrelation,
  type SigmaFilter,
  type SigmaRule,
} from '@citysoc/core/sigma';
import { replayFile } from '../ingest/index.ts';

/** Every `.yml`/`.yaml` file under a directory (or the path itself if it is a file), sorted for stable output. */
export function listRuleFiles(root: string): string[] {
  if (statSync(root).isFile()) return [root];
  const entries = readdirSync(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Everything the Sigma files under a folder hold: rules, correlations, filters, and what was refused. */
export interface LoadedRuleFiles {
  rules: SigmaRule[];
  correlations: SigmaCorrelation[];
  filters: SigmaFilter[];
  errors: RuleRejection[];
  files: number;
}

/** Parses every rule file under `root`; rejections carry the file path relative to `root`. */
export function loadRuleDirectory(root: string): LoadedRuleFiles {
  return loadRuleFiles(root, listRuleFiles(root));
}

/** Parses the given rule files (paths under `root`, or `root` itself); files are named relative to `root`. */
export function loadRuleFiles(root: string, files: readonly string[]): LoadedRuleFiles {
  const rules: SigmaRule[] = [];
  const correlations: SigmaCorrelation[] = [];
  const filters: SigmaFilter[] = [];
  const errors: RuleRejection[] = [];
  for (const file of files) {
    const result = parseRules(readFileSync(file, 'utf8'), file === root ? file : path.relative(root, file));
    rules.push(...result.rules);
    correlations.push(...result.correlations);
    filters.push(...result.filters);
    errors.push(...result.errors);
  }
  return { rules, correlations, filters, errors, files: files.length };
}

/**
 * The events of a file for rule testing: NDJSON, a JSON array, or concatenated pretty-printed objects (the
 * SigmaHQ regression-data shape), gzip too, read as the ingest replay reads them. Lines that are not JSON
 * objects are reported through `onInvalid` and skipped; `index` counts every record, in file order.
 */
export async function* readEventsFile(
  file: string,
  onInvalid: (index: number, reason: string) => void = () => undefined,
): AsyncGenerator<{ index: number; event: Record<string, unknown> }> {
  let index = 0;
  for await (const batch of replayFile(file)) {
    for (const record of batch.records) {
      if (typeof record === 'string' && record.trim() === '') continue;
      const current = index++;
      let value: unknown = record;
      if (typeof record === 'string') {
        try {
          value = JSON.parse(record);
        } catch (error) {
          onInvalid(current, `not JSON: ${(error as Error).message}`);
          continue;
        }
      }
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        yield { index: current, event: value as Record<string, unknown> };
      } else {
        onInvalid(current, 'not a JSON object');
      }
    }
  }
}
