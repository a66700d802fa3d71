import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatContentFileError, InputError, parseYamlContent } from '@citysoc/core';
import { z } from 'zod';
import { loadRuleFiles, listRuleFiles } from './sigma-files.loader.ts';
import type { RuleContent, Sourced } from './rule-content.ts';

export const SIGMAHQ_SELECTION_FILE = fileURLToPath(
  new URL('../../../../../content/sigmahq/selection.yml', import.meta.url),
);

/** The rules' own folder names a SigmaHQ rule lies in start with this pack folder (`sigmahq/network/zeek`). */
export const SIGMAHQ_FOLDER = 'sigmahq';

const FolderPath = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith('/') && !p.split('/').includes('..'),
    'a folder under rules/, without .. or a leading /',
  );

const Include = z.strictObject({
  path: FolderPath,
  status: z.array(z.string()).min(1).optional(),
  level: z.array(z.string()).min(1).optional(),
});

const Selection = z.strictObject({
  source: z.string(),
  license: z.string(),
  include: z.array(Include).min(1),
  /** File path prefixes or rule ids. */
  exclude: z.array(z.string()).default([]),
});
export type SigmaHqSelection = z.infer<typeof Selection>;

export function readSigmaHqSelection(file = SIGMAHQ_SELECTION_FILE): SigmaHqSelection {
  const parsed = parseYamlContent(
    { name: path.basename(file), text: readFileSync(file, 'utf8') },
    Selection,
    'selection',
  );
  if ('errors' in parsed) throw new InputError(parsed.errors.map(formatContentFileError).join('\n'));
  return parsed.value;
}

/** A SigmaHQ checkout's `rules/` folder, whether `dir` is the checkout or the folder itself. */
export function sigmaHqRulesRoot(dir: string): string {
  const nested = path.join(dir, 'rules');
  const root = existsSync(nested) && statSync(nested).isDirectory() ? nested : dir;
  if (!existsSync(path.join(root, 'windows')) && !existsSync(path.join(root, 'network'))) {
    throw new InputError(`${dir} is not a SigmaHQ checkout or rules folder (no windows/ or network/ inside)`);
  }
  return root;
}

/** What one include entry took from the checkout. */
export interface SelectionEntryReport {
  path: string;
  files: number;
  rules: number;
  /** Rules in those files left out by the entry's status/level filter. */
  filteredOut: number;
}

export interface SigmaHqContent {
  content: RuleContent;
  entries: SelectionEntryReport[];
  excluded: number;
}

const under = (file: string, prefix: string) => file === prefix || file.startsWith(`${prefix.replace(/\/$/, '')}/`);

/**
 * The selected rules of a SigmaHQ checkout, as the catalog's content: every file an include entry names
 * (first entry wins), minus the excluded files and ids, parsed verbatim. A rule the entry's status or level
 * filter leaves out is not loaded at all (it is not "disabled": the city chose not to run it); rules the
 * engine cannot run are returned as rejections with the file, like any other folder's.
 */
export function loadSigmaHqContent(dir: string, selection: SigmaHqSelection = readSigmaHqSelection()): SigmaHqContent {
  const root = sigmaHqRulesRoot(dir);
  const relative = listRuleFiles(root).map((file) => path.relative(root, file).split(path.sep).join('/'));
  const isExcluded = (file: string) => selection.exclude.some((prefix) => under(file, prefix));
  const excludedIds = new Set(selection.exclude);
  const rules: Sourced<RuleContent['rules'][number]['item']>[] = [];
  const correlations: RuleContent['correlations'][number][] = [];
  const filters: RuleContent['filters'][number][] = [];
  const errors: RuleContent['errors'][number][] = [];
  const taken = new Set<string>();
  let excluded = 0;
  const entries = selection.include.map((entry): SelectionEntryReport => {
    const files = relative.filter((file) => under(file, entry.path) && !taken.has(file));
    for (const file of files) taken.add(file);
    const kept = files.filter((file) => !isExcluded(file));
    excluded += files.length - kept.length;
    const loaded = loadRuleFiles(
      root,
      kept.map((file) => path.join(root, file)),
    );
    let count = 0;
    let filteredOut = 0;
    for (const rule of loaded.rules) {
      if (excludedIds.has(rule.id)) {
        excluded++;
        continue;
      }
      const statusOk = entry.status === undefined || entry.status.includes(rule.status ?? '');
      const levelOk = entry.level === undefined || entry.level.includes(rule.level ?? '');
      if (!statusOk || !levelOk) {
        filteredOut++;
        continue;
      }
      count++;
      rules.push({ item: rule, origin: originOf(rule.file) });
    }
    correlations.push(...loaded.correlations.map((item) => ({ item, origin: originOf(item.file) })));
    filters.push(...loaded.filters.map((item) => ({ item, origin: originOf(item.file) })));
    errors.push(...loaded.errors);
    return { path: entry.path, files: kept.length, rules: count, filteredOut };
  });
  return { content: { rules, correlations, filters, errors }, entries, excluded };
}

function originOf(file: string | undefined) {
  const folders = file === undefined ? [] : path.posix.dirname(file.split(path.sep).join('/')).split('/');
  return {
    source: 'folder' as const,
    folders: [SIGMAHQ_FOLDER, ...folders.filter((f) => f !== '.' && f !== '')],
    department: null,
    uploadedBy: null,
  };
}
