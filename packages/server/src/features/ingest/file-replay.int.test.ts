import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectLayout, replayFile, type ReplayBatch } from './file-replay.ts';

const SHARED = path.resolve(import.meta.dirname, '../../../../../../shared/data');

async function collect(file: string, batchSize?: number): Promise<ReplayBatch[]> {
  const batches: ReplayBatch[] = [];
  for await (const batch of replayFile(file, batchSize)) batches.push(batch);
  return batches;
}

function temp(name: string, content: string | Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'citysoc-replay-')), name);
  writeFileSync(file, content);
  return file;
}

describe('replayFile', () => {
  it('reads NDJSON line by line in batches, keeping broken lines for the pipeline to reject', async () => {
    const file = path.join(SHARED, 'suricata-eve/surevego-eve_broken.ndjson');
    const batches = await collect(file, 100);
    expect(batches.map((b) => b.records.length)).toEqual([100, 100, 73]);
    expect(batches.every((b) => b.format === 'ndjson')).toBe(true);
    expect(batches.at(-1)?.bytesRead).toBe(readFileSync(file).length);
  });

  it('reads concatenated pretty-printed JSON objects (SigmaHQ regression events)', async () => {
    const file = temp('events.json', '{\n  "a": 1\n}\n{\n  "b": {"c": [1, 2]}\n}\n');
    const [batch] = await collect(file);
    expect(batch?.records).toEqual([{ a: 1 }, { b: { c: [1, 2] } }]);
  });

  it('reads a JSON array of events', async () => {
    const [batch] = await collect(temp('events.json', JSON.stringify([{ a: 1 }, { b: 2 }, 'x'])));
    expect(batch?.records).toEqual([{ a: 1 }, { b: 2 }, '"x"']);
  });

  it('reads gzip-compressed plain log lines', async () => {
    const lines = readFileSync(path.join(SHARED, 'loghub/OpenSSH/OpenSSH_2k.log'), 'utf8');
    const batches = await collect(temp('auth.log.gz', gzipSync(lines)));
    expect(batches.flatMap((b) => b.records)).toHaveLength(lines.trimEnd().split('\n').length);
    expect(batches[0]?.format).toBe('lines');
  });

  it('tells the layouts apart from the first bytes', () => {
    expect(detectLayout('{"a":1}\n{"b":2}\n')).toBe('ndjson');
    expect(detectLayout('{\n  "a": 1\n}')).toBe('json-values');
    expect(detectLayout('  [1,2]')).toBe('json-values');
    expect(detectLayout('<34>Oct 11 22:14:15 host su: x')).toBe('lines');
  });
});
