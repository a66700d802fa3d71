import {
  type ContentFile,
  type ContentFileError,
  formatContentFileError,
  parseYamlContent,
  YAML_EXTENSION,
} from '../content-file.ts';
import { StancePolicy, StancePolicyDocument } from './policy.ts';

/** A policy file as the server read it: its name (e.g. `level-3.yml`) and its text. */
export type StancePolicyFile = ContentFile;

/** One problem in one policy file (content-file.ts). */
export type StancePolicyError = ContentFileError;

export interface StancePolicyParseResult {
  /** Valid policies, by level then id. A file with any error contributes none. */
  readonly policies: StancePolicy[];
  readonly errors: StancePolicyError[];
}

export const formatStancePolicyError = formatContentFileError;

/** Ids are the file's name without directory and extension, so they read the same in every scope. */
function idOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(YAML_EXTENSION, '');
}

function parseOne(file: StancePolicyFile): { policy: StancePolicy } | { errors: StancePolicyError[] } {
  const parsed = parseYamlContent(file, StancePolicyDocument, 'policy');
  if ('errors' in parsed) return parsed;
  const id = idOf(file.name);
  const policy = StancePolicy.safeParse({ ...parsed.value, id, file: file.name });
  if (!policy.success) {
    const message = `the file name "${id}" must be 1-63 lowercase letters, digits, "-" or "_" (it is the policy id)`;
    return { errors: [{ file: file.name, path: '', line: null, message }] };
  }
  return { policy: policy.data };
}

/**
 * Parses stance policy files (YAML, one policy per file; the id is the file name without extension). Strict:
 * unknown keys, out-of-range values, duplicate keys or ids and YAML syntax errors are reported with the file
 * name, key path and line; a file with any error is left out entirely, never half-applied. Pure: the server reads
 * the files, this decides what they mean. The server refuses to start while `errors` is not empty.
 */
export function parseStancePolicies(files: readonly StancePolicyFile[]): StancePolicyParseResult {
  const policies: StancePolicy[] = [];
  const errors: StancePolicyError[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const result = parseOne(file);
    if ('errors' in result) {
      errors.push(...result.errors);
      continue;
    }
    const first = seen.get(result.policy.id);
    if (first !== undefined) {
      errors.push({
        file: file.name,
        path: '',
        line: null,
        message: `policy id "${result.policy.id}" is also ${first}`,
      });
      continue;
    }
    seen.set(result.policy.id, file.name);
    policies.push(result.policy);
  }
  policies.sort((a, b) => a.level - b.level || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { policies, errors };
}
