import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/log.ts';
import { loadLogSources } from './log-sources.loader.ts';
import { inThreadNormaliser, type Normaliser, startNormaliserPool } from './normaliser-pool.ts';

const EVE = readFileSync(
  path.resolve(import.meta.dirname, '../../../../../../shared/data/suricata-eve/surevego-eve_broken.ndjson'),
  'utf8',
).split('\n');
const context = { channel: 'http' as const, departmentId: 'water', format: 'ndjson' as const };
const INGESTED = '2026-11-22T12:00:00.000Z';

describe('normaliser pool', () => {
  let pool: Normaliser;
  beforeAll(async () => {
    pool = await startNormaliserPool({
      size: 2,
      data: { logSourcesDir: undefined, maxEventBytes: 1 << 20 },
      log: createLogger('silent'),
    });
  });
  afterAll(() => pool.close());

  it('normalises on worker threads exactly as on the main thread', async () => {
    const local = inThreadNormaliser(await loadLogSources(), 1 << 20);
    const [threaded, inline] = await Promise.all([
      pool.normalise(context, EVE, INGESTED),
      local.normalise(context, EVE, INGESTED),
    ]);
    const strip = (rows: { id: string }[]) => rows.map(({ id: _id, ...row }) => row);
    expect(strip(threaded.rows)).toEqual(strip(inline.rows));
    expect(threaded.rejected).toEqual(inline.rejected);
    expect(threaded.rows.length).toBeGreaterThan(200);
  });

  it('spreads concurrent batches over the workers and answers each', async () => {
    const batches = await Promise.all(
      Array.from({ length: 8 }, () => pool.normalise(context, EVE.slice(0, 50), INGESTED)),
    );
    expect(batches.map((b) => b.rows.length + b.rejected.length)).toEqual(
      Array(8).fill(EVE.slice(0, 50).filter((l) => l.trim() !== '').length),
    );
  });
});
