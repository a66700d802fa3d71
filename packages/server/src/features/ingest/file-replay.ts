import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isZeekTsv, ZeekTsvReader } from '@citysoc/core';
import makeParser from 'stream-json';
import StreamValues from 'stream-json/streamers/StreamValues.js';
import type { IngestRecord } from './ingest.service.ts';

/** How a file's records are laid out, decided from its first bytes. */
export type ReplayLayout = 'ndjson' | 'json-values' | 'zeek-tsv' | 'lines';

export interface ReplayBatch {
  records: IngestRecord[];
  format: 'ndjson' | 'lines';
  /** Compressed bytes consumed so far, for progress. */
  bytesRead: number;
}

const PEEK_BYTES = 64 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Decides the layout from the start of the (decompressed) file: one JSON object per line is NDJSON (read
 * line by line, so one broken line costs only itself); arrays and pretty-printed, concatenated objects are
 * read as a stream of JSON values; a Zeek TSV log (`#separator` first) is read with its header; anything else
 * is log lines.
 */
export function detectLayout(head: string): ReplayLayout {
  if (isZeekTsv(head)) return 'zeek-tsv';
  const trimmed = head.trimStart();
  if (trimmed.startsWith('[')) return 'json-values';
  const lines = trimmed
    .split('\n')
    .slice(0, 20)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  // Pretty-printed JSON opens an object on a line of its own; NDJSON never does.
  if (lines[0] === '{') return 'json-values';
  // Mostly objects, one per line: NDJSON, even when some lines are broken (they are rejected one by one).
  const objects = lines.filter((line) => line.startsWith('{')).length;
  return objects * 2 > lines.length ? 'ndjson' : 'lines';
}

/** Reads the start of a stream without losing it: returns the peeked bytes and a stream of everything. */
async function peek(input: Readable): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      input.off('data', onData);
      input.off('end', done);
      input.off('error', reject);
      input.pause();
      resolve();
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= PEEK_BYTES) done();
    };
    input.on('data', onData);
    input.once('end', done);
    input.once('error', reject);
  });
  const head = Buffer.concat(chunks);
  const stream = new PassThrough();
  stream.write(head);
  if (input.readableEnded) stream.end();
  else input.pipe(stream);
  return { head, stream };
}

/**
 * Replays a file (or standard input with `-`) as batches of ingest records: NDJSON, JSON arrays,
 * concatenated JSON objects, Zeek TSV logs, or plain log lines, gzip-compressed or not.
 */
export async function* replayFile(file: string, batchSize = 1000): AsyncGenerator<ReplayBatch> {
  const raw: Readable = file === '-' ? process.stdin : createReadStream(file);
  let bytesRead = 0;
  raw.on('data', (chunk: Buffer) => (bytesRead += chunk.length));
  const first = await peek(raw);
  const gzip = first.head[0] === GZIP_MAGIC[0] && first.head[1] === GZIP_MAGIC[1];
  const { head, stream } = gzip ? await peek(first.stream.pipe(createGunzip())) : first;
  const layout = detectLayout(head.toString('utf8'));

  let records: IngestRecord[] = [];
  // Zeek TSV batches are 'lines': their records are objects, and a row read without its header stays text.
  const format = layout === 'lines' || layout === 'zeek-tsv' ? 'lines' : 'ndjson';
  if (layout === 'json-values') {
    const values = stream.pipe(makeParser({ jsonStreaming: true })).pipe(StreamValues.streamValues());
    for await (const item of values as AsyncIterable<{ value: unknown }>) {
      const value = item.value;
      const items = Array.isArray(value) ? value : [value];
      for (const entry of items) {
        records.push(
          typeof entry === 'object' && entry !== null && !Array.isArray(entry)
            ? (entry as Record<string, unknown>)
            : JSON.stringify(entry),
        );
        if (records.length >= batchSize) {
          yield { records, format, bytesRead };
          records = [];
        }
      }
    }
  } else {
    // Zeek TSV rows only mean something with the file's `#fields` header: they become the objects Zeek's JSON
    // writer would have written, and the zeek log source maps them. Header lines are not events.
    const zeek = layout === 'zeek-tsv' ? new ZeekTsvReader() : null;
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      if (zeek === null) records.push(line);
      else {
        const read = zeek.read(line);
        if (read.kind === 'header') continue;
        records.push(read.kind === 'record' ? read.record : read.line);
      }
      if (records.length >= batchSize) {
        yield { records, format, bytesRead };
        records = [];
      }
    }
  }
  if (records.length > 0) yield { records, format, bytesRead };
}
