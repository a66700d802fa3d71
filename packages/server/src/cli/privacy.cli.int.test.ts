import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-runner.ts';

const CSV = [
  'name,national_id,age,postcode,birth_date,district,diagnosis',
  ...Array.from({ length: 60 }, (_, i) =>
    [
      `Person ${i}`,
      `NID-${i}`,
      20 + (i % 40),
      `750${i % 3}${i % 10}`,
      `${1960 + (i % 40)}-0${1 + (i % 9)}-15`,
      ['Centre', 'Harbour', 'Hills'][i % 3],
      ['flu', 'asthma', 'diabetes', '=cmd|calc'][i % 4],
    ].join(','),
  ),
].join('\n');

/** The spec example of issue 9. */
const SPEC = `
direct_identifiers: {name: drop, national_id: pseudonymize}
quasi_identifiers:
  age: {type: numeric, levels: [5, 10, 20, '*']}        # interval widths, coarsest last
  postcode: {type: prefix, levels: [4, 3, 2, 0]}         # leading characters kept
  birth_date: {type: date, levels: [month, year, '*']}
  district: {type: category, hierarchy: {Centre: Inner, Harbour: Inner, Hills: Outer}, levels: [1, '*']}
sensitive: [diagnosis]
k: 5
l: 2
max_suppression: 0.05
aggregates:
  - {name: by_district, group_by: [district], epsilon: 0.5}
`;

function workspace(spec: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-privacy-cli-'));
  const file = (name: string, text?: string) => {
    const target = path.join(dir, name);
    if (text !== undefined) writeFileSync(target, text);
    return target;
  };
  const files = {
    input: file('people.csv', CSV),
    config: file('spec.yml', spec),
    key: file('key', 'a-long-enough-test-key-for-hmac\n'),
    out: file('open-data.csv'),
    report: file('report.json'),
  };
  const args = ['privacy', 'anonymize', '--input', files.input, '--config', files.config];
  const citysoc = (extra: string[]) =>
    runCli({ dataDir: dir, databaseUrl: '' }, [...args, '--out', files.out, '--report', files.report, ...extra]);
  return { files, citysoc };
}

describe('citysoc privacy anonymize', () => {
  it('publishes the issue example: summary on stdout, OUT.csv and the report written, exit 0', async () => {
    const { files, citysoc } = workspace(SPEC);
    const result = await citysoc(['--key-file', files.key]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/open-data\.csv: \d+ of 60 rows published, \d+ suppressed .*k=\d+ l=\d+/);

    const report = JSON.parse(readFileSync(files.report, 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ status: 'published', targets: { k: 5, l: 2, max_suppression: 0.05 } });
    expect(report.privacy_budget).toEqual({ epsilon: 0.5, delta: 0 });
    const rows = parse(readFileSync(files.out), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['national_id', 'age', 'postcode', 'birth_date', 'district', 'diagnosis']);
    expect(rows.every((r) => /^[0-9a-f]{32}$/.test(r.national_id!))).toBe(true);
    expect(rows.filter((r) => r.diagnosis!.includes('cmd')).every((r) => r.diagnosis === "'=cmd|calc")).toBe(true);
  }, 60_000);

  it('refuses with exit 1 and a reason when the targets cannot be met, writing no OUT.csv', async () => {
    const { files, citysoc } = workspace(SPEC.replace('k: 5', 'k: 61'));
    const result = await citysoc(['--key-file', files.key]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot publish: k=61 with l=2 needs 60 of 60 rows/);
    expect(existsSync(files.out)).toBe(false);
    expect(JSON.parse(readFileSync(files.report, 'utf8'))).toMatchObject({ status: 'refused' });
  }, 60_000);

  it('rejects an invalid spec with exit 2, naming the key', async () => {
    const { files, citysoc } = workspace(SPEC.replace('levels: [5, 10, 20', 'levels: [5, 12, 20'));
    const result = await citysoc(['--key-file', files.key]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('quasi_identifiers.age.levels.1: width 12 is not a larger multiple of 5');
    expect(existsSync(files.out)).toBe(false);
  }, 60_000);

  it('refuses to pseudonymize without a key, exit 2', async () => {
    const { files, citysoc } = workspace(SPEC);
    const result = await citysoc([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give --key-file or set CITYSOC_PSEUDONYM_KEY');
    expect(existsSync(files.out)).toBe(false);
  }, 60_000);
});
