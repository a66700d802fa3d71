import { createReadStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from '@citysoc/core';
import { type CellValue, ControlRecord, decodeCell, SnapshotHeader, type TableHeader } from './backup-format.ts';
import { type EnvelopeStats, openEnvelope } from './backup-envelope.ts';
import type { BackupSecret } from './backup-keys.ts';

/** What a reader does with the snapshot as it is authenticated, decompressed and checked. */
export interface SnapshotVisitor {
  header?(header: SnapshotHeader): Promise<void>;
  /** A batch of one table's rows, in file order, each row in the header's column order. */
  rows?(table: TableHeader, rows: CellValue[][]): Promise<void>;
}

/** Parameter budget per insert statement: SQLite allows 32 766 bound values, PostgreSQL 65 535. */
const MAX_BATCH_CELLS = 30_000;
const MAX_BATCH_ROWS = 500;
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

async function* lines(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // Split on the newline byte: 0x0a never occurs inside a multi-byte UTF-8 sequence.
  let partial: Buffer[] = [];
  for await (const chunk of source) {
    let start = 0;
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, start)) {
      partial.push(chunk.subarray(start, at));
      yield partial.length === 1 ? (partial[0] as Buffer) : Buffer.concat(partial);
      partial = [];
      start = at + 1;
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  }
  if (partial.length > 0) yield Buffer.concat(partial);
}

/**
 * Checks the snapshot's structure while it streams: the header first, then each table of the header in its
 * order, rows of the right width, each table's count equal to the header's, and the end record last.
 */
class SnapshotChecker {
  header: SnapshotHeader | null = null;
  #tableIndex = -1;
  #current: TableHeader | null = null;
  #rows = 0;
  #ended = false;
  #batch: CellValue[][] = [];
  #batchBytes = 0;
  readonly counts: Record<string, number> = {};

  constructor(private readonly visitor: SnapshotVisitor) {}

  async line(text: Buffer, number: number): Promise<void> {
    if (text.length === 0) return;
    const fail = (why: string) => new InputError(`Corrupted snapshot at line ${number}: ${why}`);
    let value: unknown;
    try {
      value = JSON.parse(text.toString('utf8'));
    } catch {
      throw fail('not JSON');
    }
    if (this.#ended) throw fail('data after the end record');
    if (this.header === null) {
      const parsed = SnapshotHeader.safeParse(value);
      if (!parsed.success) throw fail(`invalid snapshot header (${parsed.error.issues[0]?.message ?? ''})`);
      this.header = parsed.data;
      await this.visitor.header?.(parsed.data);
      return;
    }
    if (Array.isArray(value)) {
      if (this.#current === null) throw fail('a row outside any table');
      if (value.length !== this.#current.columns.length) {
        throw fail(
          `a row of ${value.length} values in ${this.#current.name}, which has ${this.#current.columns.length} columns`,
        );
      }
      this.#rows++;
      if (this.visitor.rows) {
        this.#batch.push(value.map(decodeCell));
        this.#batchBytes += text.length;
        const cells = this.#batch.length * this.#current.columns.length;
        if (
          this.#batch.length >= MAX_BATCH_ROWS ||
          cells + this.#current.columns.length > MAX_BATCH_CELLS ||
          this.#batchBytes >= MAX_BATCH_BYTES
        ) {
          await this.#flush();
        }
      }
      return;
    }
    const parsed = ControlRecord.safeParse(value);
    if (!parsed.success) throw fail('unknown record');
    const record = parsed.data;
    if ('table' in record) {
      if (this.#current !== null) throw fail(`table ${record.table} starts before ${this.#current.name} ends`);
      const expected = this.header.tables[this.#tableIndex + 1];
      if (expected?.name !== record.table)
        throw fail(`table ${record.table} where ${expected?.name ?? 'the end'} was expected`);
      this.#tableIndex++;
      this.#current = expected;
      this.#rows = 0;
    } else if ('tableEnd' in record) {
      const current = this.#current;
      if (current?.name !== record.tableEnd) throw fail(`end of ${record.tableEnd}, which is not open`);
      await this.#flush();
      if (this.#rows !== current.rows || record.rows !== current.rows) {
        throw new InputError(
          `Row count mismatch in table ${current.name}: the header says ${current.rows}, the file holds ${this.#rows}`,
        );
      }
      this.counts[current.name] = this.#rows;
      this.#current = null;
    } else {
      if (this.#current !== null) throw fail(`the end record inside table ${this.#current.name}`);
      if (this.#tableIndex !== this.header.tables.length - 1) {
        throw fail(`the end record after ${this.#tableIndex + 1} of ${this.header.tables.length} tables`);
      }
      this.#ended = true;
    }
  }

  async #flush(): Promise<void> {
    if (this.#batch.length === 0 || this.#current === null) return;
    const batch = this.#batch;
    this.#batch = [];
    this.#batchBytes = 0;
    await this.visitor.rows?.(this.#current, batch);
  }

  finish(): SnapshotHeader {
    if (this.header === null) throw new InputError('Corrupted snapshot: no header');
    if (!this.#ended) throw new InputError('Corrupted snapshot: the end record is missing');
    return this.header;
  }
}

export interface SnapshotReadResult {
  header: SnapshotHeader;
  counts: Record<string, number>;
  envelope: EnvelopeStats;
}

/**
 * Reads a backup file end to end: authenticates every frame, decompresses, checks the snapshot's structure and
 * counts, and hands header and row batches to the visitor. Throws InputError on anything wrong with the file.
 */
export async function readSnapshot(
  file: string,
  secret: BackupSecret,
  visitor: SnapshotVisitor = {},
): Promise<SnapshotReadResult> {
  const envelope: EnvelopeStats = { frames: 0, bytes: 0, kdf: 'scrypt' };
  const checker = new SnapshotChecker(visitor);
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch (error) {
    throw new InputError(`Cannot read backup file ${file}: ${(error as Error).message}`);
  }
  try {
    await pipeline(
      createReadStream(file),
      (source: AsyncIterable<Buffer>) => openEnvelope(source, secret, envelope),
      createGunzip(),
      async (source: AsyncIterable<Buffer>) => {
        let number = 0;
        for await (const line of lines(source)) await checker.line(line, ++number);
      },
    );
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('Z_')) throw new InputError(`Corrupted snapshot: ${(error as Error).message}`);
    throw error;
  }
  return { header: checker.finish(), counts: checker.counts, envelope };
}
