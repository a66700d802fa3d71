import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ContentFileError,
  formatContentFileError,
  NotFoundError,
  type Playbook,
  parsePlaybooks,
  YAML_EXTENSION,
} from '@citysoc/core';
import type { Logger } from '../../platform/log.ts';

export const DEFAULT_PLAYBOOKS_DIR = fileURLToPath(new URL('../../../../../content/playbooks', import.meta.url));

/** The playbooks the server runs, loaded once at start; files refused are listed with the reason. */
export interface PlaybookCatalogue {
  readonly playbooks: readonly Playbook[];
  readonly rejected: readonly ContentFileError[];
  /** The file each playbook came from. */
  fileOf(id: string): string;
  get(id: string): Playbook;
}

export function playbookCatalogue(
  playbooks: readonly Playbook[],
  rejected: readonly ContentFileError[] = [],
  files: ReadonlyMap<string, string> = new Map(),
): PlaybookCatalogue {
  const byId = new Map(playbooks.map((p) => [p.id, p]));
  return {
    playbooks,
    rejected,
    fileOf: (id) => files.get(id) ?? `${id}.yml`,
    get(id) {
      const playbook = byId.get(id);
      if (!playbook) throw new NotFoundError(`Playbook '${id}' not found`);
      return playbook;
    },
  };
}

/**
 * Reads `content/playbooks/*.yml` (or another folder). A file that does not parse, or whose id another file
 * already has, is refused alone and logged with the file, line and reason; the others load.
 */
export function loadPlaybookCatalogue(dir: string | undefined, log: Logger): PlaybookCatalogue {
  const folder = dir ?? DEFAULT_PLAYBOOKS_DIR;
  const files = readdirSync(folder)
    .filter((name) => YAML_EXTENSION.test(name))
    .map((name) => ({ name, text: readFileSync(path.join(folder, name), 'utf8') }));
  const { playbooks, errors } = parsePlaybooks(files);
  for (const error of errors) log.warn({ playbook: error.file }, `playbook refused: ${formatContentFileError(error)}`);
  const fileNames = new Map<string, string>();
  for (const file of files) {
    const id = /^id:\s*([a-z0-9-]+)\s*$/m.exec(file.text)?.[1];
    if (id !== undefined && !fileNames.has(id)) fileNames.set(id, file.name);
  }
  return playbookCatalogue(playbooks, errors, fileNames);
}
