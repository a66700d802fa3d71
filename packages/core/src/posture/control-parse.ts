import { type ContentFile, type ContentFileError, parseYamlContent } from '../content-file.ts';
import { type Control, ControlFileDocument } from './control.ts';

export interface ControlCatalogue {
  /** Valid controls, by id. A file with any error contributes none. */
  readonly controls: Control[];
  readonly errors: ContentFileError[];
}

/**
 * Parses control files (`content/controls/*.yml`, each `controls: [...]`). Strict like every content file:
 * unknown keys, bad references, duplicate keys and YAML errors come back with file, key path and line; a file
 * with an error is left out whole; a control id used twice is an error in the second file.
 */
export function parseControlFiles(files: readonly ContentFile[]): ControlCatalogue {
  const controls: Control[] = [];
  const errors: ContentFileError[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const parsed = parseYamlContent(file, ControlFileDocument, 'control catalogue');
    if ('errors' in parsed) {
      errors.push(...parsed.errors);
      continue;
    }
    const duplicates = parsed.value.controls.flatMap((control, i) => {
      const first = seen.get(control.id);
      return first === undefined
        ? []
        : [
            {
              file: file.name,
              path: `controls.${i}.id`,
              line: null,
              message: `control id ${control.id} is also in ${first}`,
            },
          ];
    });
    if (duplicates.length > 0) {
      errors.push(...duplicates);
      continue;
    }
    for (const control of parsed.value.controls) {
      seen.set(control.id, file.name);
      controls.push(control);
    }
  }
  controls.sort((a, b) => a.id.localeCompare(b.id));
  return { controls, errors };
}
