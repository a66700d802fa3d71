import { InputError } from '@citysoc/core';
import {
  parseRules,
  type RuleRejection,
  type SigmaCorrelation,
  type SigmaFilter,
  type SigmaRule,
} from '@citysoc/core/sigma';
import { parseAllDocuments } from 'yaml';
import type { UploadKind } from './rules.repository.ts';

/** Most documents one upload may hold: a bigger set is a rules dir (CITYSOC_RULES_DIRS), not an upload. */
export const MAX_UPLOAD_DOCUMENTS = 200;

/** What an uploaded document may be stored and addressed (`/api/rules/:id`) under. */
const RULE_ID = /^[\x21-\x7e]{1,200}$/;

/** One document of an upload that parsed: its kind, its id, its own YAML text (what is stored) and the item. */
export interface UploadedDocument {
  readonly kind: UploadKind;
  readonly id: string;
  readonly yaml: string;
  /** Where rejections point: `document N` of the upload, or the file (and document) the CLI read. */
  readonly file: string;
  readonly rule?: SigmaRule;
  readonly correlation?: SigmaCorrelation;
  readonly filter?: SigmaFilter;
}

/** One text of an upload: the request body (no name), or a file the CLI read (named by its path). */
export interface UploadSource {
  readonly name: string | null;
  readonly text: string;
}

/**
 * Splits an upload into its documents, each parsed alone so each is stored as its own YAML (a later re-upload
 * of one id replaces just that document). Documents that do not parse, or have no id to be stored under,
 * come back as rejections naming where they are (`document N`, or the file and its document). Alias expansion
 * is capped by `parseRules`, so a "billion laughs" document is a rejection, not an exhausted heap; the text
 * size is capped by the request schema.
 */
export function splitUpload(sources: readonly UploadSource[]): {
  documents: UploadedDocument[];
  rejections: RuleRejection[];
} {
  const parsedSources = sources.map((source) => ({ source, documents: parseAllDocuments(source.text) }));
  const count = parsedSources.reduce((n, s) => n + s.documents.length, 0);
  if (count > MAX_UPLOAD_DOCUMENTS) {
    throw new InputError(`An upload holds at most ${MAX_UPLOAD_DOCUMENTS} YAML documents; it has ${count}`);
  }
  const documents: UploadedDocument[] = [];
  const rejections: RuleRejection[] = [];
  for (const { source, documents: parsedDocuments } of parsedSources) {
    parsedDocuments.forEach((document, index) => {
      const file =
        source.name === null
          ? `document ${index + 1}`
          : parsedDocuments.length === 1
            ? source.name
            : `${source.name} document ${index + 1}`;
      const [start, , end] = document.range;
      const yaml = source.text.slice(start, end);
      if (yaml.trim() === '' && document.errors.length === 0) return;
      const parsed = parseRules(yaml, file);
      rejections.push(...parsed.errors);
      const id = parsed.rules[0]?.id ?? parsed.correlations[0]?.id ?? parsed.filters[0]?.id;
      if (id !== undefined && id !== null && !RULE_ID.test(id)) {
        rejections.push({
          file,
          id: id.slice(0, 200),
          reason: 'an uploaded id is 1-200 printable characters without spaces',
        });
        return;
      }
      const [rule] = parsed.rules;
      const [correlation] = parsed.correlations;
      const [filter] = parsed.filters;
      if (rule) documents.push({ kind: 'rule', id: rule.id, yaml, file, rule });
      else if (correlation) {
        if (correlation.id === null) rejections.push({ file, reason: 'an uploaded correlation needs an id' });
        else documents.push({ kind: 'correlation', id: correlation.id, yaml, file, correlation });
      } else if (filter) {
        if (filter.id === null) rejections.push({ file, reason: 'an uploaded filter needs an id' });
        else documents.push({ kind: 'filter', id: filter.id, yaml, file, filter });
      }
    });
  }
  return { documents, rejections };
}
