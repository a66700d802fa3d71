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

  it('reads a Zeek TSV log as objects named by its #fields header, skipping the header lines', async () => {
    const file = path.join(SHARED, 'stratosphere-labelled-zeek/003-zeek-scenario-malicious/dns.log');
    const batches = await collect(file);
    const records = batches.flatMap((b) => b.records);
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(records).toHaveLength(rows.length);
    expect(records[0]).toEqual({
      _path: 'dns',
      ts: 1596790164.509987,
      uid: 'Cr01B21ezPdgDs60pb',
      'id.orig_h': '10.8.0.61',
      'id.orig_p': 35740,
      'id.resp_h': '8.8.8.8',
      'id.resp_p': 53,
      proto: 'udp',
      trans_id: 1242,
      rtt: 0.017912,
      query: 'infinitedata-pa.googleapis.com',
      qclass: 1,
      qclass_name: 'C_INTERNET',
      qtype: 1,
      qtype_name: 'A',
      rcode: 0,
      rcode_name: 'NOERROR',
      AA: false,
      TC: false,
      RD: true,
      RA: true,
      Z: 0,
      answers: expect.arrayContaining([expect.any(String)]),
      TTLs: expect.arrayContaining([expect.any(Number)]),
      rejected: false,
    });
  });

  it('keeps TSV rows that come before any #fields header as text lines', async () => {
    const [batch] = await collect(temp('conn.log', '#separator \\x09\n1.5\tC1\n#fields\tts\tuid\n2.5\tC2\n'));
    expect(batch?.records).toEqual(['1.5\tC1', { ts: '2.5', uid: 'C2' }]);
    expect(batch?.format).toBe('lines');
  });

  it('tells the layouts apart from the first bytes', () => {
    expect(detectLayout('#separator \\x09\n#set_separator\t,\n')).toBe('zeek-tsv');
    expect(detectLayout('{"a":1}\n{"b":2}\n')).toBe('ndjson');
    expect(detectLayout('{\n  "a": 1\n}')).toBe('json-values');
    expect(detectLayout('  [1,2]')).toBe('json-values');
    expect(detectLayout('<34>Oct 11 22:14:15 host su: x')).toBe('lines');
  });
});
