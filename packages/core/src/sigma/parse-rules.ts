import { type Document, parseAllDocuments, visit } from 'yaml';
import { z } from 'zod';
import { toCorrelation } from './correlation-parse.ts';
import { type SigmaCorrelation, type SigmaFilter } from './correlation-types.ts';
import { toFilter } from './filter-parse.ts';
import { type RuleRejection, type SigmaRule } from './types.ts';

const text = z.string().min(1);
const optionalText = z.string().nullish();
/** Metadata lists are sometimes written as a single string, sometimes hold numbers; normalise to strings. */
const stringList = z
  .union([z.array(z.union([z.string(), z.number()]).nullable()), z.string()])
  .nullish()
  .transform((v) => (v == null ? [] : [v].flat().flatMap((x) => (x == null ? [] : [String(x)]))));

/** The document shape of a detection rule (spec `sigma-detection-rule-schema.json`, the fields we use). */
const RuleDocument = z.object({
  title: text,
  id: text.describe('CitySOC keys alerts by rule id, so a rule without one cannot be loaded'),
  name: optionalText,
  status: optionalText,
  level: optionalText,
  description: optionalText,
  author: optionalText,
  tags: stringList,
  references: stringList,
  falsepositives: stringList,
  logsource: z.object({ product: text.optional(), category: text.optional(), service: text.optional() }),
  detection: z
    .record(z.string(), z.unknown())
    .refine((d) => d['condition'] !== undefined, { message: 'detection has no condition' }),
});

const Condition = z.union([text, z.array(text).min(1)]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid rule';
  const path = issue.path.join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

function toRule(doc: Record<string, unknown>, file: string | undefined): SigmaRule | string {
  const parsed = RuleDocument.safeParse(doc);
  if (!parsed.success) return firstIssue(parsed.error);
  const { detection: rawDetection, ...meta } = parsed.data;
  const condition = Condition.safeParse(rawDetection['condition']);
  if (!condition.success) return `detection.condition: ${firstIssue(condition.error)}`;
  const { condition: _condition, ...detection } = rawDetection;
  return {
    id: meta.id,
    title: meta.title,
    ...(meta.name ? { name: meta.name } : {}),
    level: meta.level ?? null,
    status: meta.status ?? null,
    tags: meta.tags,
    logsource: meta.logsource,
    description: meta.description ?? null,
    author: meta.author ?? null,
    references: meta.references,
    falsepositives: meta.falsepositives,
    ...(file === undefined ? {} : { file }),
    detection,
    condition: [condition.data].flat(),
  };
}

const DECIMAL = /^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/;

/**
 * Keeps numbers not written in plain decimal as the text written. YAML 1.2 reads `00000429` as 429, but
 * PyYAML (which SigmaHQ rules are written against) keeps it a string, and a registry value `00000429` must
 * not become `|contains: 429`. Hex and octal forms stay text for the same reason.
 */
function keepNonDecimalNumbersAsText(document: Document.Parsed): void {
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && typeof node.source === 'string' && !DECIMAL.test(node.source)) {
        node.value = node.source;
      }
    },
  });
}

/** Adds one document to `into` by its kind; returns why it was refused, or null. */
function readDocument(doc: unknown, file: string | undefined, into: Omit<ParsedRules, 'errors'>): string | null {
  if (!isRecord(doc)) return 'document is not a YAML mapping';
  // A document is a correlation or a filter by its section, as in pySigma; anything else must be a rule.
  if (doc['correlation'] !== undefined) {
    const result = toCorrelation(doc, file);
    if (typeof result === 'string') return result;
    into.correlations.push(result);
  } else if (doc['filter'] !== undefined) {
    const result = toFilter(doc, file);
    if (typeof result === 'string') return result;
    into.filters.push(result);
  } else {
    const result = toRule(doc, file);
    if (typeof result === 'string') return result;
    into.rules.push(result);
  }
  return null;
}

/** What `parseRules` read: detection rules, correlation rules and filters, and one rejection per bad document. */
export interface ParsedRules {
  rules: SigmaRule[];
  correlations: SigmaCorrelation[];
  filters: SigmaFilter[];
  errors: RuleRejection[];
}

/**
 * Parses Sigma YAML, one or many `---`-separated documents. Never throws for bad input: each document that is
 * not a loadable rule, correlation or filter becomes one rejection naming the file, the id when known, and the
 * reason. Detection logic and references between documents are validated later (`compile`,
 * `compileCorrelations`), once the whole collection is known.
 */
export function parseRules(yamlText: string, file?: string): ParsedRules {
  const rules: SigmaRule[] = [];
  const correlations: SigmaCorrelation[] = [];
  const filters: SigmaFilter[] = [];
  const errors: RuleRejection[] = [];
  const where = file === undefined ? {} : { file };
  const documents = parseAllDocuments(yamlText);
  // A Sigma 1 collection's later documents are fragments of the first; one refusal says more than three.
  if (documents.some((d) => d.errors.length === 0 && d.get('action') !== undefined)) {
    const reason = 'Sigma 1 rule collections (action: global) are not supported';
    return { rules, correlations, filters, errors: [{ ...where, reason }] };
  }
  for (const [index, document] of documents.entries()) {
    const label = index === 0 ? '' : `document ${index + 1}: `;
    if (document.errors.length > 0) {
      errors.push({ ...where, reason: `${label}invalid YAML: ${document.errors[0]!.message.split('\n')[0]}` });
      continue;
    }
    let doc: unknown;
    try {
      keepNonDecimalNumbersAsText(document);
      // Alias expansion is capped so a "billion laughs" document cannot exhaust memory.
      doc = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      errors.push({ ...where, reason: `${label}invalid YAML: ${(error as Error).message}` });
      continue;
    }
    if (doc === null || doc === undefined) continue;
    const reason = readDocument(doc, file, { rules, correlations, filters });
    if (reason === null) continue;
    const id = isRecord(doc) && typeof doc['id'] === 'string' ? { id: doc['id'] } : {};
    errors.push({ ...where, ...id, reason: `${label}${reason}` });
  }
  return { rules, correlations, filters, errors };
}
