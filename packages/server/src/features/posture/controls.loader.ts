import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Control, formatContentFileError, parseControlFiles } from '@citysoc/core';
import type { Logger } from '../../platform/log.ts';

/** The control catalogue shipped with CitySOC (content/controls). */
export const SHIPPED_CONTROLS_DIR = fileURLToPath(new URL('../../../../../content/controls', import.meta.url));

/** The controls in a folder; a file with a problem is refused with its name, key path and line, and logged. */
export function loadControls(dir: string | undefined, log: Logger): Control[] {
  const folder = dir ?? SHIPPED_CONTROLS_DIR;
  const files = readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(folder, name), 'utf8') }));
  const { controls, errors } = parseControlFiles(files);
  for (const error of errors) log.warn({ file: error.file }, `control refused: ${formatContentFileError(error)}`);
  return controls;
}
