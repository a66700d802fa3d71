import path from 'node:path';
import type { RuleSource } from '@citysoc/core';
import {
  parseRules,
  type RuleRejection,
  type SigmaCorrelation,
  type SigmaFilter,
  type SigmaRule,
} from '@citysoc/core/sigma';
import { loadRuleDirectory } from './sigma-files.loader.ts';

/** Where a rule, correlation or filter comes from, as far as managing it is concerned. */
export interface RuleOrigin {
  readonly source: RuleSource;
  /** The sub-folders of its rules dir it lies in (`intel-hunting` for `<dir>/intel-hunting/x.yml`): its folder packs. */
  readonly folders: readonly string[];
  /** An uploaded rule's department (it alerts only for that department's events); null: city-wide. */
  readonly department: string | null;
  readonly uploadedBy: string | null;
}

export interface Sourced<T> {
  readonly item: T;
  readonly origin: RuleOrigin;
}

/** Every rule, correlation and filter detection knows of, whatever its state, and the documents refused on parse. */
export interface RuleContent {
  readonly rules: readonly Sourced<SigmaRule>[];
  readonly correlations: readonly Sourced<SigmaCorrelation>[];
  readonly filters: readonly Sourced<SigmaFilter>[];
  readonly errors: readonly RuleRejection[];
}

export const EMPTY_CONTENT: RuleContent = { rules: [], correlations: [], filters: [], errors: [] };

/** The folders a rule file lies in, relative to its rules dir (empty for a file at the top, or a file given alone). */
function foldersOf(file: string | undefined): string[] {
  if (file === undefined) return [];
  const dir = path.dirname(file);
  return dir === '.' || path.isAbsolute(file) ? [] : dir.split(/[\\/]/).filter((part) => part !== '');
}

/**
 * The rules of the given folders, in order: the shipped folder first (source `shipped`), then the configured
 * ones (`folder`). Each item keeps the sub-folders it lies in, which make its folder packs.
 */
export function loadFolderContent(dirs: readonly { dir: string; source: 'shipped' | 'folder' }[]): RuleContent {
  const rules: Sourced<SigmaRule>[] = [];
  const correlations: Sourced<SigmaCorrelation>[] = [];
  const filters: Sourced<SigmaFilter>[] = [];
  const errors: RuleRejection[] = [];
  for (const { dir, source } of dirs) {
    const loaded = loadRuleDirectory(dir);
    const origin = (file: string | undefined): RuleOrigin => ({
      source,
      folders: foldersOf(file),
      department: null,
      uploadedBy: null,
    });
    rules.push(...loaded.rules.map((item) => ({ item, origin: origin(item.file) })));
    correlations.push(...loaded.correlations.map((item) => ({ item, origin: origin(item.file) })));
    filters.push(...loaded.filters.map((item) => ({ item, origin: origin(item.file) })));
    errors.push(...loaded.errors);
  }
  return { rules, correlations, filters, errors };
}

/** One stored upload (a row of `rule_uploads`): the YAML of one document and who it belongs to. */
export interface StoredUpload {
  readonly id: string;
  readonly yaml: string;
  readonly department: string | null;
  readonly uploadedBy: string;
}

/** The file name an uploaded document is reported under (rejections, the rule listing). */
export const uploadFile = (id: string) => `uploaded:${id}`;

/**
 * The uploaded documents as content. They were validated when accepted, so a document that no longer parses
 * (the engine changed) is reported like a file that does not, never dropped silently.
 */
export function uploadedContent(uploads: readonly StoredUpload[]): RuleContent {
  const rules: Sourced<SigmaRule>[] = [];
  const correlations: Sourced<SigmaCorrelation>[] = [];
  const filters: Sourced<SigmaFilter>[] = [];
  const errors: RuleRejection[] = [];
  for (const upload of uploads) {
    const parsed = parseRules(upload.yaml, uploadFile(upload.id));
    const origin: RuleOrigin = {
      source: 'uploaded',
      folders: [],
      department: upload.department,
      uploadedBy: upload.uploadedBy,
    };
    rules.push(...parsed.rules.map((item) => ({ item, origin })));
    correlations.push(...parsed.correlations.map((item) => ({ item, origin })));
    filters.push(...parsed.filters.map((item) => ({ item, origin })));
    errors.push(...parsed.errors);
  }
  return { rules, correlations, filters, errors };
}

export function mergeContent(a: RuleContent, b: RuleContent): RuleContent {
  return {
    rules: [...a.rules, ...b.rules],
    correlations: [...a.correlations, ...b.correlations],
    filters: [...a.filters, ...b.filters],
    errors: [...a.errors, ...b.errors],
  };
}
