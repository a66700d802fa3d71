import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
});
