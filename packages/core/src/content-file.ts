import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import { type z } from 'zod';

/**
 * Content files (stance policies, controls, …): YAML documents the product reads from `content/` and that
 * people edit by hand, so every problem is reported with the file, the key path and the line.
 */
export interface ContentFile {
  readonly name: string;
  readonly text: string;
}

/**
 * One problem in one content file. `path` is the dotted key path inside the document (`sla_factor.incidents`,
 * `controls.3.evidence.max_age`; empty for the whole document), `line` the 1-based line it is on when known.
 */
export interface ContentFileError {
  readonly file: string;
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

/** "level-3.yml:12: sla_factor.incidents: Too big: expected number to be <=1", for logs and the CLI. */
export function formatContentFileError(error: ContentFileError): string {
  const where = error.line === null ? error.file : `${error.file}:${error.line}`;
  return error.path === '' ? `${where}: ${error.message}` : `${where}: ${error.path}: ${error.message}`;
}

export const YAML_EXTENSION = /\.ya?ml$/i;

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
): ContentFileError[] {
  const base = issue.path.filter((k): k is Key => typeof k === 'string' || typeof k === 'number');
  const at = (path: Key[], message: string): ContentFileError => ({
    file,
    path: path.join('.'),
    line: lineOf(document, counter, path),
    message,
  });
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => at([...base, key], 'unknown key'));
  return [at(base, issue.message)];
}

/**
 * One YAML document validated by a schema. Strict about the file: one document, no duplicate keys, no syntax
 * errors; the schema decides the rest. Never throws for bad content.
 */
export function parseYamlContent<T>(
  file: ContentFile,
  schema: z.ZodType<T>,
  what: string,
): { value: T } | { errors: ContentFileError[] } {
  const fail = (message: string, line: number | null = null) => ({
    errors: [{ file: file.name, path: '', line, message }],
  });
  if (!YAML_EXTENSION.test(file.name)) return fail(`a ${what} file must end in .yml or .yaml`);
  const counter = new LineCounter();
  const documents = parseAllDocuments(file.text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const [document, extra] = documents;
  if (document === undefined || document.contents === null) return fail('the file is empty');
  if (extra !== undefined) return fail(`one ${what} per file: found more than one YAML document`);
  const syntax = document.errors[0];
  if (syntax !== undefined) return fail(syntax.message, counter.linePos(syntax.pos[0]).line);
  const parsed = schema.safeParse(document.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    return { errors: parsed.error.issues.flatMap((issue) => issueErrors(file.name, issue, document, counter)) };
  }
  return { value: parsed.data };
}
