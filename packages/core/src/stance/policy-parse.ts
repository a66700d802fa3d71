import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import { type z } from 'zod';
import { StancePolicy, StancePolicyDocument } from './policy.ts';

/** A policy file as the server read it: its name (e.g. `level-3.yml`) and its text. */
export interface StancePolicyFile {
  readonly name: string;
  readonly text: string;
}

/**
 * One problem in one policy file. `path` is the dotted key path inside the document (`sla_factor.incidents`,
 * `blocklists.0.min_confidence`; empty for the whole document), `line` the 1-based line it is on when known.
 */
export interface StancePolicyError {
  readonly file: string;
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

export interface StancePolicyParseResult {
  /** Valid policies, by level then id. A file with any error contributes none. */
  readonly policies: StancePolicy[];
  readonly errors: StancePolicyError[];
}

/** "level-3.yml:12: sla_factor.incidents: Too big: expected number to be <=1", for logs and the CLI. */
export function formatStancePolicyError(error: StancePolicyError): string {
  const where = error.line === null ? error.file : `${error.file}:${error.line}`;
  return error.path === '' ? `${where}: ${error.message}` : `${where}: ${error.path}: ${error.message}`;
}

const EXTENSION = /\.ya?ml$/i;
/** Ids are the file's name without directory and extension, so they read the same in every scope. */
function idOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(EXTENSION, '');
}

type Key = string | number;

/** The line of the node at `path`, or of its nearest ancestor that exists (a missing key points at its map). */
function lineOf(document: Document.Parsed, counter: LineCounter, path: readonly Key[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (typeof node === 'object' && node !== null && 'range' in node && Array.isArray(node.range)) {
      const start: unknown = node.range[0];
      if (typeof start === 'number') return counter.linePos(start).line;
    }
  }
  return null;
}

function issueErrors(
  file: string,
  issue: z.core.$ZodIssue,
  document: Document.Parsed,
  counter: LineCounter,
): StancePolicyError[] {
  const base = issue.path.filter((k): k is Key => typeof k === 'string' || typeof k === 'number');
  const at = (path: Key[], message: string): StancePolicyError => ({
    file,
    path: path.join('.'),
    line: lineOf(document, counter, path),
    message,
  });
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => at([...base, key], 'unknown key'));
  return [at(base, issue.message)];
}

function parseOne(file: StancePolicyFile): { policy: StancePolicy } | { errors: StancePolicyError[] } {
  const fail = (message: string, line: number | null = null) => ({
    errors: [{ file: file.name, path: '', line, message }],
  });
  const id = idOf(file.name);
  if (!EXTENSION.test(file.name)) return fail('a stance policy file must end in .yml or .yaml');
  const counter = new LineCounter();
  const documents = parseAllDocuments(file.text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const [document, extra] = documents;
  if (document === undefined || document.contents === null) return fail('the file is empty');
  if (extra !== undefined) return fail('one policy per file: found more than one YAML document');
  const syntax = document.errors[0];
  if (syntax !== undefined) return fail(syntax.message, counter.linePos(syntax.pos[0]).line);
  const parsed = StancePolicyDocument.safeParse(document.toJS());
  if (!parsed.success) {
    return { errors: parsed.error.issues.flatMap((issue) => issueErrors(file.name, issue, document, counter)) };
  }
  const policy = StancePolicy.safeParse({ ...parsed.data, id, file: file.name });
  if (!policy.success) {
    return fail(`the file name "${id}" must be 1-63 lowercase letters, digits, "-" or "_" (it is the policy id)`);
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
