import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pdfTextLines } from '../platform/pdf-text.testing.ts';
import { runCli } from '../testing/cli-runner.ts';
import { runCli as runInProcess } from './program.ts';
import { testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';

describe.each(testDatabaseKinds())('citysoc report monthly on $kind', (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await kind.create();
  });
  afterEach(() => database.drop());
  const citysoc = (args: string[]) => runCli(database.config, args);

  it('writes the month as a PDF, and refuses a file name that is neither .pdf nor .html', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-report-'));
    const pdfFile = path.join(dir, 'march.pdf');
    const pdf = await citysoc(['report', 'monthly', '--month', '2026-03', '--out', pdfFile]);
    expect(pdf.code, pdf.stderr).toBe(0);
    const bytes = readFileSync(pdfFile);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfTextLines(bytes)).toContain('CitySOC monthly security report: March 2026');

    // Refused before the store is opened, so in-process is enough to show it.
    const errors: string[] = [];
    const refused = await runInProcess(['node', 'citysoc', 'report', 'monthly', '--out', path.join(dir, 'march.txt')], {
      out: () => undefined,
      err: (text) => errors.push(text),
    });
    expect(refused).toBe(2);
    expect(errors.join('\n')).toContain('.pdf or .html');
  }, 60_000);
});
