import { createHmac, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type AnonymizationReport,
  type Anonymizer,
  createAnonymizer,
  CsvRecordSplitter,
  type CsvRecordText,
  InputError,
  neutralizeFormula,
  parseAnonymizationSpec,
  type Publisher,
  type UniformRandom,
} from '@citysoc/core';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { parse as parseYaml } from 'yaml';
import type { Output } from './context.ts';

/** The files of one run; `keyFile` holds the pseudonym key (else `CITYSOC_PSEUDONYM_KEY`). */
export interface AnonymizeFiles {
  input: string;
  config: string;
  out: string;
  report: string;
  keyFile?: string;
}

/** A record this long is a broken file (usually an unclosed quote), not data: it is reported and skipped. */
const MAX_RECORD_CHARS = 1024 * 1024;
const MAX_SPEC_BYTES = 1024 * 1024;
/** HMAC keys shorter than this are guessable; 16 bytes is the 128-bit floor of NIST SP 800-107. */
const MIN_KEY_BYTES = 16;
/** Records parsed per csv-parse call: parsing one record at a time costs ten times more. */
const BATCH = 1000;

function readSpec(file: string) {
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new InputError(`No such spec file: ${file}`);
  if (size > MAX_SPEC_BYTES) throw new InputError(`${file}: a spec is at most ${MAX_SPEC_BYTES} bytes`);
  let value: unknown;
  try {
    value = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseAnonymizationSpec(value);
}

/** The key from `--key-file` (one trailing newline ignored) or the environment; null when neither is given. */
function readKey(keyFile: string | undefined, env: NodeJS.ProcessEnv): Buffer | null {
  let key: Buffer | null = null;
  if (keyFile !== undefined) {
    if (statSync(keyFile, { throwIfNoEntry: false }) === undefined)
      throw new InputError(`No such key file: ${keyFile}`);
    const bytes = readFileSync(keyFile);
    const end = bytes.at(-1) === 0x0a ? (bytes.at(-2) === 0x0d ? bytes.length - 2 : bytes.length - 1) : bytes.length;
    key = bytes.subarray(0, end);
  } else if (env.CITYSOC_PSEUDONYM_KEY) {
    key = Buffer.from(env.CITYSOC_PSEUDONYM_KEY, 'utf8');
  }
  if (key !== null && key.length < MIN_KEY_BYTES)
    throw new InputError(`the pseudonym key is ${key.length} bytes; use at least ${MIN_KEY_BYTES} random bytes`);
  return key;
}

/**
 * Keyed pseudonym: HMAC-SHA-256 of the value, first 128 bits in hex. The same value gets the same pseudonym in
 * every column and every release made with the same key (so releases can be linked by whoever holds them, but
 * nobody can reverse or recompute a pseudonym without the key, unlike a plain hash of a guessable national id).
 */
function hmacPseudonym(key: Buffer): (value: string) => string {
  return (value) => createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 32);
}

/** Uniform [0, 1) from 53 random bits of the operating system's CSPRNG: the noise of released aggregates. */
const cryptoRandom: UniformRandom = () => Number(randomBytes(8).readBigUInt64BE() >> 11n) / 2 ** 53;

type ParsedRecord = { line: number; cells: string[] } | { line: number; error: string };

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
function parseBatch(records: readonly CsvRecordText[]): ParsedRecord[] {
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
 * Streams the records of a CSV file in batches (one await per batch, not per record); `onProgress` gets the bytes
 * read so far. Only the current chunk and batch are in memory.
 */
async function* csvRecordBatches(file: string, onProgress: (bytes: number) => void): AsyncGenerator<ParsedRecord[]> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const splitter = new CsvRecordSplitter(MAX_RECORD_CHARS);
  let pending: CsvRecordText[] = [];
  for await (const chunk of stream) {
    for (const record of splitter.push(chunk as string)) pending.push(record);
    if (pending.length >= BATCH) {
      yield parseBatch(pending);
      pending = [];
    }
    onProgress(stream.bytesRead);
  }
  pending.push(...splitter.end());
  if (pending.length > 0) yield parseBatch(pending);
}

/** Writes `text` beside `target` and renames it over: readers never see a half-written file. */
function writeAtomically(target: string, text: string): void {
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, target);
}

/** Below this a run takes well under a second: a bar would only flicker. */
const PROGRESS_MIN_BYTES = 1024 * 1024;

function progressBar(total: number): SingleBar | null {
  if (!process.stderr.isTTY || total < PROGRESS_MIN_BYTES) return null;
  const bar = new SingleBar({
    format: 'anonymize {phase} [{bar}] {percentage}% | {rows} rows',
    stream: process.stderr,
  });
  bar.start(total, 0, { phase: 'reading', rows: 0 });
  return bar;
}

async function firstPass(file: string, spec: ReturnType<typeof readSpec>, key: Buffer | null, bar: SingleBar | null) {
  let anonymizer: Anonymizer | null = null;
  let rows = 0;
  for await (const batch of csvRecordBatches(file, (bytes) => bar?.update(bytes, { rows }))) {
    for (const record of batch) {
      if (anonymizer === null) {
        if ('error' in record) throw new InputError(`${file}: the header line is not valid CSV`);
        anonymizer = createAnonymizer(spec, record.cells, key === null ? {} : { pseudonymize: hmacPseudonym(key) });
        continue;
      }
      rows += 1;
      if ('error' in record) anonymizer.addMalformed(record.line, record.error);
      else anonymizer.addRow(record.cells, record.line);
    }
  }
  if (anonymizer === null) throw new InputError(`${file}: empty, no header line`);
  return anonymizer;
}

async function secondPass(files: AnonymizeFiles, publisher: Publisher, size: number, bar: SingleBar | null) {
  const temporary = `${files.out}.${randomBytes(6).toString('hex')}.tmp`;
  async function* published() {
    let header = true;
    const progress = (bytes: number) => bar?.update(size + bytes, { phase: 'writing', rows: publisher.published });
    for await (const batch of csvRecordBatches(files.input, progress)) {
      const rows: string[][] = [];
      for (const record of batch) {
        if (header) {
          header = false;
          rows.push(publisher.header.map(neutralizeFormula));
          continue;
        }
        const row = 'cells' in record ? publisher.publish(record.cells) : null;
        if (row !== null) rows.push(row.map(neutralizeFormula));
      }
      if (rows.length > 0) yield stringifyCsv(rows);
    }
  }
  try {
    await pipeline(Readable.from(published()), createWriteStream(temporary));
    renameSync(temporary, files.out);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Anonymises `files.input` per the spec and writes OUT.csv and the report. On refusal the report (with its
 * reason) is written and OUT.csv is not touched. Throws `InputError` for a bad spec, key or file.
 */
export async function anonymizeCsvFile(
  files: AnonymizeFiles,
  env: NodeJS.ProcessEnv = process.env,
  random: UniformRandom = cryptoRandom,
): Promise<AnonymizationReport> {
  const spec = readSpec(files.config);
  const key = readKey(files.keyFile, env);
  if (key === null && Object.values(spec.direct_identifiers).includes('pseudonymize'))
    throw new InputError('the spec pseudonymizes a column: give --key-file or set CITYSOC_PSEUDONYM_KEY');
  const size = statSync(files.input, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new InputError(`No such input file: ${files.input}`);
  const resolved = [files.input, files.out, files.report, files.config].map((f) => path.resolve(f));
  if (new Set(resolved).size !== resolved.length)
    throw new InputError('input, config, out and report must be four files');

  const bar = progressBar(size * 2);
  try {
    const anonymizer = await firstPass(files.input, spec, key, bar);
    const { report, publisher } = anonymizer.solve(random, (visited, nodes) =>
      bar?.update(size, { phase: `searching ${visited}/${nodes}` }),
    );
    if (publisher !== null) {
      await secondPass(files, publisher, size, bar);
      if (publisher.published !== report.rows_out) {
        rmSync(files.out, { force: true });
        throw new InputError(`${files.input} changed while it was being anonymised; nothing is published`);
      }
    }
    writeAtomically(files.report, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    bar?.stop();
  }
}

function summary(files: AnonymizeFiles, report: AnonymizationReport): string {
  const levels = Object.entries(report.levels ?? {})
    .map(([column, l]) => `${column}=${l.level}/${l.of}`)
    .join(' ');
  const rate = `${Math.round(report.suppression_rate * 1000) / 10}%`;
  return (
    `${files.out}: ${report.rows_out} of ${report.rows_in} rows published, ${report.suppressed_rows} suppressed ` +
    `(${rate}), ${report.malformed_rows} malformed, ${report.rejected_rows} rejected; k=${report.achieved.k ?? '-'} ` +
    `l=${report.achieved.l ?? '-'}; levels ${levels}; loss ${report.information_loss?.value.toFixed(3)}; ` +
    `report ${files.report}`
  );
}

export function registerPrivacyCommand(program: Command, output: Output): void {
  const privacy = program.command('privacy').description('data protection: anonymisation for open-data release');
  privacy
    .command('anonymize')
    .description(
      'k-anonymity and l-diversity by generalisation and suppression, keyed pseudonyms, DP aggregates. ' +
        'Exit 0 published, 1 refused (targets not met: the report says why, OUT is not written), 2 invalid input',
    )
    .requiredOption('--input <file>', 'CSV file with a header line')
    .requiredOption('--config <file>', 'anonymisation spec (YAML)')
    .requiredOption('--out <file>', 'anonymised CSV to write')
    .requiredOption('--report <file>', 'JSON report to write')
    .option('--key-file <file>', 'pseudonym key (default: CITYSOC_PSEUDONYM_KEY)')
    .action(async (options: AnonymizeFiles) => {
      const report = await anonymizeCsvFile(options);
      if (report.refusal !== null) {
        output.err(`error: ${report.refusal.reason} (report: ${options.report})`);
        process.exitCode = 1;
        return;
      }
      if (report.other_columns.handling === 'keep' && report.other_columns.columns.length > 0)
        output.err(
          `note: columns the spec does not name were published unchanged: ${report.other_columns.columns.join(', ')} ` +
            '(name them in the spec, or set other_columns: drop)',
        );
      output.out(summary(options, report));
    });
}
