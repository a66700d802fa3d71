import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { openServices } from '../main.ts';
import { runCli } from '../testing/cli-runner.ts';
import { testDatabaseKinds } from '../testing/test-databases.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/citysoc.js', import.meta.url));
const SIGMA = path.resolve(import.meta.dirname, '../../../../../shared/data/sigma');
const PAIR = path.join(SIGMA, 'regression_data/rules/windows/process_creation/proc_creation_win_dtrace_kernel_dump');

const citysoc = async (args: string[]) => {
  const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '' } });
  return { stdout, stderr };
};

const VALID = `title: Door forced at a substation
id: 6f1a2b3c-0000-4000-8000-000000000001
status: experimental
logsource: { product: citysoc, category: physical }
detection:
  selection:
    device.type: door
    state|contains: forced
  condition: selection
level: high
`;
const UNKNOWN_MODIFIER = VALID.replace('0001', '0002').replace('state|contains', 'state|sortof');

const FAILED_LOGIN = `title: Failed login
id: 6f1a2b3c-0000-4000-8000-000000000003
name: failed
logsource: { product: citysoc, category: authentication }
detection:
  selection:
    event.outcome: failure
  condition: selection
`;
const CORRELATION = `title: Brute force
id: brute
correlation:
  type: event_count
  rules:
    - failed
  group-by: user
  timespan: 5m
  condition:
    gte: 3
level: high
`;
const CORRELATED = `${FAILED_LOGIN}---\n${CORRELATION}`;
const FILTER = `title: Ignore the scanner
logsource: { product: citysoc }
filter:
  rules: any
  selection:
    user: scanner
  condition: selection
`;

describe('citysoc rules', () => {
  it('check: counts loaded and refused rules and names file, id and reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-rules-'));
    writeFileSync(path.join(dir, 'good.yml'), VALID);
    writeFileSync(path.join(dir, 'bad.yml'), UNKNOWN_MODIFIER);
    writeFileSync(path.join(dir, 'broken.yml'), 'title: [unclosed\n');
    const result = JSON.parse((await citysoc(['rules', 'check', dir])).stdout) as {
      loaded: number;
      rejected: number;
      rejections: { file: string; id: string | null; reason: string }[];
    };
    expect(result).toMatchObject({ loaded: 1, rejected: 2 });
    expect(result.rejections).toEqual(
      expect.arrayContaining([
        { file: 'bad.yml', id: '6f1a2b3c-0000-4000-8000-000000000002', reason: expect.stringMatching(/sortof/) },
        expect.objectContaining({ file: 'broken.yml' }),
      ]),
    );
  });

  it('match: prints one line per hit with the 0-based event index, on SigmaHQ regression events', async () => {
    const { stdout } = await citysoc([
      'rules',
      'match',
      '--rules',
      path.join(SIGMA, 'rules/windows/process_creation'),
      '--events',
      path.join(PAIR, '7124aebe-4cd7-4ccb-8df0-6d6b93c96795.json'),
    ]);
    const hits = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { rule: string; event: number });
    expect(hits).toEqual(
      expect.arrayContaining([
        { rule: '7124aebe-4cd7-4ccb-8df0-6d6b93c96795', event: 0 },
        { rule: '7124aebe-4cd7-4ccb-8df0-6d6b93c96795', event: 1 },
      ]),
    );
  });

  it('check: counts correlations and filters as loaded, and refuses a correlation naming an unknown rule', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-rules-'));
    writeFileSync(path.join(dir, 'mr_brute.yml'), CORRELATED);
    writeFileSync(path.join(dir, 'mf_admins.yml'), FILTER);
    writeFileSync(
      path.join(dir, 'mr_orphan.yml'),
      CORRELATION.replace('id: brute', 'id: orphan').replace('- failed', '- nope'),
    );
    const result = JSON.parse((await citysoc(['rules', 'check', dir])).stdout) as unknown;
    expect(result).toEqual({
      loaded: 3,
      rejected: 1,
      rejections: [{ file: 'mr_orphan.yml', id: 'orphan', reason: "correlation.rules references unknown rule 'nope'" }],
    });
  });

  it('match: prints correlation hits with group and event indices; referenced rules stay silent', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-rules-'));
    writeFileSync(path.join(dir, 'mr_brute.yml'), CORRELATED);
    writeFileSync(path.join(dir, 'door.yml'), VALID);
    const t = (minutes: number) => new Date(Date.UTC(2024, 4, 1, 10, minutes)).toISOString();
    const events = [
      { '@timestamp': t(0), event: { outcome: 'failure' }, user: 'alice' },
      { '@timestamp': t(1), event: { outcome: 'failure' }, user: 'bob' },
      { '@timestamp': t(2), event: { outcome: 'failure' }, user: 'alice' },
      { '@timestamp': t(4), event: { outcome: 'failure' }, user: 'alice' },
      { '@timestamp': t(5), device: { type: 'door' }, state: 'forced open' },
      { '@timestamp': t(6), event: { outcome: 'failure' }, user: 'bob' },
      { '@timestamp': t(20), event: { outcome: 'failure' }, user: 'bob' },
    ];
    const file = path.join(dir, 'events.ndjson');
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const { stdout } = await citysoc(['rules', 'match', '--rules', dir, '--events', file]);
    expect(stdout.trim().split('\n')).toEqual([
      '{"rule":"brute","group":{"user":"alice"},"events":[0,2,3]}',
      '{"rule":"6f1a2b3c-0000-4000-8000-000000000001","event":4}',
    ]);
  });

  it('bench: reports the engine and the naive loop side by side', async () => {
    const { stdout } = await citysoc([
      'rules',
      'bench',
      '--rules',
      path.join(SIGMA, 'rules/windows/process_creation'),
      '--events',
      path.join(PAIR, '7124aebe-4cd7-4ccb-8df0-6d6b93c96795.json'),
      '--seconds',
      '0.2',
    ]);
    const result = JSON.parse(stdout) as {
      rules: number;
      engine: { eventsPerSecond: number; hits: number };
      naive: { hits: number };
    };
    expect(result.rules).toBeGreaterThan(100);
    expect(result.engine.eventsPerSecond).toBeGreaterThan(0);
    expect(result.engine.hits).toBe(result.naive.hits);
    expect(result.engine.hits).toBeGreaterThanOrEqual(2);
  });

  it('sigmahq: shows what the curated selection takes from a checkout, per entry, and what the engine refused', async () => {
    const { stdout } = await citysoc(['rules', 'sigmahq', '--dir', SIGMA]);
    const result = JSON.parse(stdout) as {
      license: string;
      entries: { path: string; files: number; rules: number; filteredOut: number }[];
      loaded: number;
      rejected: number;
      rejections: { file: string; reason: string }[];
    };
    expect(result.license).toBe('DRL-1.1');
    expect(result.entries.find((e) => e.path === 'windows/process_creation')?.filteredOut).toBeGreaterThan(0);
    expect(result.loaded).toBe(result.entries.reduce((n, e) => n + e.rules, 0) - result.rejected);
    // Refusals are the engine's ReDoS guard, named per file; they stay a small share of the selection.
    expect(result.rejected).toBeLessThan(result.loaded * 0.02);
    for (const rejection of result.rejections) expect(rejection.reason).toMatch(/ReDoS|refused/);
  });

  it('upload: stores accepted rules in the database, names refused files, exits 2 when one was refused', async () => {
    const database = await testDatabaseKinds()[0]!.create();
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-rules-'));
      writeFileSync(path.join(dir, 'door.yml'), VALID);
      writeFileSync(path.join(dir, 'mr_brute.yml'), CORRELATED);
      writeFileSync(path.join(dir, 'sortof.yml'), UNKNOWN_MODIFIER);
      const result = await runCli(database.config, ['rules', 'upload', dir]);
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout)).toEqual({
        loaded: 3,
        rejected: 1,
        rejections: [
          { file: 'sortof.yml', id: '6f1a2b3c-0000-4000-8000-000000000002', reason: expect.stringMatching(/sortof/) },
        ],
        accepted: [
          { id: '6f1a2b3c-0000-4000-8000-000000000001', kind: 'rule', replaced: false },
          { id: '6f1a2b3c-0000-4000-8000-000000000003', kind: 'rule', replaced: false },
          { id: 'brute', kind: 'correlation', replaced: false },
        ],
      });
      const again = await runCli(database.config, ['rules', 'upload', path.join(dir, 'door.yml')]);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ loaded: 1, accepted: [{ replaced: true }] });
      const services = await openServices(database.config);
      try {
        const list = services.rules.list(SYSTEM_PRINCIPAL);
        expect(list.rules.find((r) => r.id === '6f1a2b3c-0000-4000-8000-000000000001')?.state.source).toBe('uploaded');
        expect(list.correlations.find((c) => c.id === 'brute')?.state.active).toBe(true);
      } finally {
        await services.close();
      }
    } finally {
      await database.drop();
    }
  });
});
