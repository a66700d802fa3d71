import { createHmac, randomBytes } from 'node:crypto';
import {
  type AnonymizationReport,
  type AnonymizationSpec,
  createAnonymizer,
  CsvRecordSplitter,
  type CsvRecordText,
  InputError,
  neutralizeFormula,
  parseAnonymizationSpec,
  type UniformRandom,
} from '@citysoc/core';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { parse as parseYaml } from 'yaml';

/**
 * The I/O side of the core anonymiser shared by the CLI (`citysoc privacy anonymize`, streaming files) and the
 * server's anonymisation jobs (a CSV held in memory): CSV records, the keyed pseudonym and the noise source.
 */

/** A record this long is a broken file (usually an unclosed quote), not data: it is reported and skipped. */
export const MAX_RECORD_CHARS = 1024 * 1024;
/** HMAC keys shorter than this are guessable; 16 bytes is the 128-bit floor of NIST SP 800-107. */
export const MIN_PSEUDONYM_KEY_BYTES = 16;
/** Records parsed per csv-parse call: parsing one record at a time costs ten times more. */
export const PARSE_BATCH = 1000;

export type ParsedRecord = { line: number; cells: string[] } | { line: number; error: string };

function parseOne(record: { line: number; text: string }): ParsedRecord {
  try {
    const rows = parseCsv(record.text, { relax_column_count: true }) as string[][];
    if (rows.length !== 1) return { line: record.line, error: 'malformed CSV record' };
    return { line: record.line, cells: rows[0]! };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { line: record.line, error: `malformed CSV (${typeof code === 'string' ? code : 'unparsable'})` };
  }
}

/** Parses split records in batches; a batch that fails is parsed again record by record to isolate the bad one. */
export function parseRecordBatch(records: readonly CsvRecordText[]): ParsedRecord[] {
  const texts = records.filter((r): r is { line: number; text: string } => 'text' in r);
  let batch: string[][] | null = null;
  try {
    batch = parseCsv(texts.map((r) => r.text).join('\n'), { relax_column_count: true }) as string[][];
  } catch {
    batch = null;
  }
  if (batch?.length !== texts.length) return records.map((r) => ('text' in r ? parseOne(r) : r));
  let next = 0;
  return records.map((r) => ('text' in r ? { line: r.line, cells: batch[next++]! } : r));
}

/**
 * Keyed pseudonym: HMAC-SHA-256 of the value, first 128 bits in hex. The same value gets the same pseudonym in
 * every column and every release made with the same key (so releases can be linked by whoever holds them, but
 * nobody can reverse or recompute a pseudonym without the key, unlike a plain hash of a guessable national id).
 */
export function hmacPseudonym(key: Buffer): (value: string) => string {
  return (value) => createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 32);
}

/** Refuses a key too short to be secret. */
export function checkPseudonymKey(key: Buffer): Buffer {
  if (key.length < MIN_PSEUDONYM_KEY_BYTES)
    throw new InputError(
      `the pseudonym key is ${key.length} bytes; use at least ${MIN_PSEUDONYM_KEY_BYTES} random bytes`,
    );
  return key;
}

/** Uniform [0, 1) from 53 random bits of the operating system's CSPRNG: the noise of released aggregates. */
export const cryptoRandom: UniformRandom = () => Number(randomBytes(8).readBigUInt64BE() >> 11n) / 2 ** 53;

/** A spec from YAML text; InputError (prefixed with `where`) when it is not YAML or not a valid spec. */
export function parseSpecYaml(text: string, where: string): AnonymizationSpec {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new InputError(`${where}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseAnonymizationSpec(value);
}

export interface AnonymizedText {
  report: AnonymizationReport;
  /** The published CSV; null when the anonymiser refused. */
  output: string | null;
  /** Data records read (the header aside), malformed ones included. */
  rows: number;
}

/**
 * Anonymises a CSV held in memory (bounded by the caller: the HTTP body limit). Same records, pseudonyms and
 * formula neutralisation as the CLI, so a job and a CLI run of the same file and spec publish the same rows.
 * Throws InputError when the CSV has no header or lacks a column the spec names, or a pseudonym key is missing.
 */
export function anonymizeCsvText(
  spec: AnonymizationSpec,
  csv: string,
  options: { key: Buffer | null; random?: UniformRandom },
): AnonymizedText {
  if (options.key === null && Object.values(spec.direct_identifiers).includes('pseudonymize'))
    throw new InputError('the spec pseudonymizes a column, and no pseudonym key is configured (CITYSOC_PSEUDONYM_KEY)');
  const splitter = new CsvRecordSplitter(MAX_RECORD_CHARS);
  const split = [...splitter.push(csv), ...splitter.end()];
  const records: ParsedRecord[] = [];
  for (let i = 0; i < split.length; i += PARSE_BATCH)
    records.push(...parseRecordBatch(split.slice(i, i + PARSE_BATCH)));
  const [header, ...rows] = records;
  if (header === undefined) throw new InputError('the CSV is empty, no header line');
  if ('error' in header) throw new InputError('the header line is not valid CSV');
  const key = options.key;
  const anonymizer = createAnonymizer(spec, header.cells, key === null ? {} : { pseudonymize: hmacPseudonym(key) });
  for (const record of rows) {
    if ('error' in record) anonymizer.addMalformed(record.line, record.error);
    else anonymizer.addRow(record.cells, record.line);
  }
  const { report, publisher } = anonymizer.solve(options.random ?? cryptoRandom);
  if (publisher === null) return { report, output: null, rows: rows.length };
  const published: string[][] = [publisher.header.map(neutralizeFormula)];
  for (const record of rows) {
    const row = 'cells' in record ? publisher.publish(record.cells) : null;
    if (row !== null) published.push(row.map(neutralizeFormula));
  }
  return { report, output: stringifyCsv(published), rows: rows.length };
}
