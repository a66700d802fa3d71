import type { z } from 'zod';
import { InputError } from '../errors.ts';

/**
 * Feed files are hostile input: bounded in size before parsing, validated by schema after, and every rejection
 * says which file kind, where (JSON path or line) and why.
 */

/** Largest feed document accepted as text: an NVD page of 2,000 CVEs with big configurations is ~50 MB. */
export const MAX_FEED_CHARS = 200 * 1024 * 1024;

const MAX_REPORTED_ISSUES = 10;

function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  return text === '' ? '(root)' : text;
}

/** Parses JSON text with a size bound; a syntax error becomes an InputError naming the feed. */
export function parseFeedJson(text: string, what: string): unknown {
  if (text.length > MAX_FEED_CHARS) {
    throw new InputError(`${what}: ${text.length} characters is more than the limit of ${MAX_FEED_CHARS}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${what}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Validates `input` (already-parsed JSON, or JSON text) against `schema`; throws an InputError whose message
 * lists the first problems as `path: message` and whose details hold them all (up to 10).
 */
export function parseFeed<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const value = typeof input === 'string' ? parseFeedJson(input, what) : input;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
    path: pathText(issue.path),
    message: issue.message,
  }));
  const hidden = result.error.issues.length - 3;
  const more = hidden > 0 ? ` (and ${hidden} more)` : '';
  throw new InputError(
    `${what}: ${issues
      .slice(0, 3)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ')}${more}`,
    { issues },
  );
}
