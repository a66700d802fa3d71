import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, LogSourceDefinition, type LogSourceSet, compileLogSources } from '@citysoc/core';
import { parse as parseYaml } from 'yaml';

/** The log sources shipped with CitySOC: the repository's `content/log-sources`. */
export const DEFAULT_LOG_SOURCES_DIR = fileURLToPath(new URL('../../../../../content/log-sources', import.meta.url));

const FILE_NAME = 'log-source.yml';

/** Reads and validates one `<dir>/<name>/log-source.yml`; every problem names the file. */
async function readDefinition(file: string, folderName: string): Promise<LogSourceDefinition> {
  let document: unknown;
  try {
    document = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = LogSourceDefinition.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InputError(`${file}: invalid log source: ${problems}`, parsed.error.issues);
  }
  // The folder is the source's identity on disk; a mismatch would make `?source=` names confusing.
  if (parsed.data.name !== folderName) {
    throw new InputError(`${file}: name "${parsed.data.name}" differs from its folder "${folderName}"`);
  }
  return parsed.data;
}

/**
 * Reads every `<dir>/*\/log-source.yml`, validates and compiles them. Throws `InputError` naming the file on
 * invalid YAML, an invalid definition or a duplicate name, so a bad content change fails at start-up.
 */
export async function loadLogSources(dir: string = DEFAULT_LOG_SOURCES_DIR): Promise<LogSourceSet> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const definitions: LogSourceDefinition[] = [];
  for (const folder of folders) {
    const file = path.join(dir, folder, FILE_NAME);
    const exists = await readFile(file, 'utf8').then(
      () => true,
      () => false,
    );
    if (!exists) throw new InputError(`${path.join(dir, folder)}: missing ${FILE_NAME}`);
    definitions.push(await readDefinition(file, folder));
  }
  return compileLogSources(definitions);
}
