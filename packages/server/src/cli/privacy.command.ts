import { randomBytes } from 'node:crypto';
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
  type Publisher,
  type UniformRandom,
} from '@citysoc/core';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import {
  checkPseudonymKey,
  cryptoRandom,
  hmacPseudonym,
  MAX_RECORD_CHARS,
  PARSE_BATCH,
  type ParsedRecord,
  parseRecordBatch,
  parseSpecYaml,
} from '../features/data-protection/index.ts';
import type { Output } from './context.ts';

/** The files of one run; `keyFile` holds the pseudonym key (else `CITYSOC_PSEUDONYM_KEY`). */
export interface AnonymizeFiles {
  input: string;
  config: string;
  out: string;
  report: string;
  keyFile?: string;
}

const MAX_SPEC_BYTES = 1024 * 1024;

function readSpec(file: string) {
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new InputError(`No such spec file: ${file}`);
  if (size > MAX_SPEC_BYTES) throw new InputError(`${file}: a spec is at most ${MAX_SPEC_BYTES} bytes`);
  return parseSpecYaml(readFileSync(file, 'utf8'), file);
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
  return key === null ? null : checkPseudonymKey(key);
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
    if (pending.length >= PARSE_BATCH) {
      yield parseRecordBatch(pending);
      pending = [];
    }
    onProgress(stream.bytesRead);
  }
  pending.push(...splitter.end());
  if (pending.length > 0) yield parseRecordBatch(pending);
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
