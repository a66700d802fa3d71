import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AnonymizationReport } from '@citysoc/core';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { anonymizeCsvFile } from './privacy.command.ts';

/** Mulberry32: the generated datasets are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DISTRICTS = { Centre: 'Inner', Harbour: 'Inner', 'Old Town': 'Inner', Hills: 'Outer', Airport: 'Outer' };
const DIAGNOSES = ['asthma', 'diabetes', 'flu', 'fracture', 'hypertension', 'migraine'];
const HEADER = ['record_id', 'name', 'national_id', 'age', 'birth_date', 'postcode', 'district', 'diagnosis', 'note'];
const KEY = 'test-pseudonym-key-0123456789abcdef';

/** People with ages, birth dates, postcodes, districts and diagnoses; about one in ten has a second record. */
function generateDataset(seed: number, people: number): string[][] {
  const random = seeded(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const rows: string[][] = [];
  for (let p = 0; p < people; p += 1) {
    const age = Math.floor(random() * 90);
    const birth = `${2025 - age}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const district = pick(Object.keys(DISTRICTS));
    const postcode = `75${pick(['01', '02', '11', '12'])}${Math.floor(random() * 10)}`;
    const person = [`Person ${p}`, `NID-${100000 + p}`, String(age), birth, postcode, district];
    const visits = random() < 0.1 ? 2 : 1;
    for (let v = 0; v < visits; v += 1)
      rows.push([
        String(rows.length),
        ...person,
        pick(DIAGNOSES),
        pick(['', 'ok', '=HYPERLINK("http://x")', '@SUM(1)']),
      ]);
  }
  return rows;
}

const SPEC = {
  direct_identifiers: { name: 'drop', national_id: 'pseudonymize' },
  quasi_identifiers: {
    age: { type: 'numeric', levels: [5, 10, 20, '*'] },
    postcode: { type: 'prefix', levels: [4, 3, 2, 0] },
    birth_date: { type: 'date', levels: ['month', 'year', '*'] },
    district: { type: 'category', hierarchy: DISTRICTS, levels: [1, '*'] },
  },
  sensitive: ['diagnosis'],
};
const QIS = ['age', 'postcode', 'birth_date', 'district'];

function workspace(csv: string, spec: unknown) {
  const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-anon-'));
  const files = {
    input: path.join(dir, 'in.csv'),
    config: path.join(dir, 'spec.yml'),
    out: path.join(dir, 'out.csv'),
    report: path.join(dir, 'report.json'),
  };
  writeFileSync(files.input, csv);
  writeFileSync(files.config, toYaml(spec));
  return files;
}

const pseudonym = (key: string, value: string) => createHmac('sha256', key).update(value).digest('hex').slice(0, 32);

/** Whether a published cell is a truthful generalisation of the original value. */
function generalises(column: string, published: string, original: string): boolean {
  if (published === '*' || published === original) return true;
  if (column === 'age') {
    const [low, high] = published.slice(1, -1).split(',').map(Number);
    return Number(original) >= low! && Number(original) < high!;
  }
  if (column === 'postcode') return published.endsWith('*') && original.startsWith(published.slice(0, -1));
  if (column === 'birth_date') return original.startsWith(published);
  return DISTRICTS[original as keyof typeof DISTRICTS] === published;
}

const TARGETS = [2, 5, 10].flatMap((k) =>
  [1, 2, 3].flatMap((l) => [0, 0.02, 0.1].map((maxSuppression) => ({ k, l, maxSuppression }))),
);

describe('privacy anonymize on generated datasets: the output checked independently', () => {
  it.each(TARGETS)('k=$k l=$l max_suppression=$maxSuppression', async ({ k, l, maxSuppression }) => {
    const input = generateDataset(k * 100 + l * 10 + maxSuppression * 100, 400 + 150 * l);
    const files = workspace(stringify([HEADER, ...input]), { ...SPEC, k, l, max_suppression: maxSuppression });
    const report = await anonymizeCsvFile(files, { CITYSOC_PSEUDONYM_KEY: KEY });
    expect(report.status).toBe('published');

    const [header, ...rows] = parse(readFileSync(files.out)) as string[][];
    expect(header).toEqual(HEADER.filter((c) => c !== 'name'));
    const column = (name: string) => header!.indexOf(name);

    // k and l, recomputed from the published file.
    const classes = new Map<string, { size: number; diagnoses: Set<string> }>();
    for (const row of rows) {
      const key = JSON.stringify(QIS.map((qi) => row[column(qi)]));
      const entry = classes.get(key) ?? { size: 0, diagnoses: new Set<string>() };
      entry.size += 1;
      entry.diagnoses.add(row[column('diagnosis')]!);
      classes.set(key, entry);
    }
    for (const entry of classes.values()) {
      expect(entry.size).toBeGreaterThanOrEqual(k);
      expect(entry.diagnoses.size).toBeGreaterThanOrEqual(l);
    }
    const smallest = Math.min(...[...classes.values()].map((c) => c.size));
    expect(report.achieved.k).toBe(smallest);

    // Suppression within the limit, and the report's arithmetic matches the file.
    expect(rows.length).toBe(report.rows_out);
    expect(input.length - rows.length).toBe(report.suppressed_rows);
    expect(report.suppressed_rows / input.length).toBeLessThanOrEqual(maxSuppression);

    // Every published row is its own input row, generalised truthfully, with a keyed pseudonym.
    for (const row of rows) {
      const original = input[Number(row[column('record_id')])]!;
      for (const qi of QIS) expect(generalises(qi, row[column(qi)]!, original[HEADER.indexOf(qi)]!)).toBe(true);
      expect(row[column('national_id')]).toBe(pseudonym(KEY, original[HEADER.indexOf('national_id')]!));
      expect(row[column('diagnosis')]).toBe(original[HEADER.indexOf('diagnosis')]);
      expect(row[column('note')]).not.toMatch(/^[=+\-@]/);
    }
  });

  it('pseudonyms are consistent for a person with two records and change with the key', async () => {
    const input = generateDataset(3, 300);
    const files = workspace(stringify([HEADER, ...input]), { ...SPEC, k: 2, max_suppression: 0.1 });
    await anonymizeCsvFile(files, { CITYSOC_PSEUDONYM_KEY: KEY });
    const first = parse(readFileSync(files.out), { columns: true }) as Record<string, string>[];
    await anonymizeCsvFile(files, { CITYSOC_PSEUDONYM_KEY: `${KEY}-other` });
    const second = parse(readFileSync(files.out), { columns: true }) as Record<string, string>[];

    const byPerson = new Map<string, Set<string>>();
    for (const row of first) {
      const nid = input[Number(row.record_id)]![2]!;
      byPerson.set(nid, (byPerson.get(nid) ?? new Set()).add(row.national_id!));
    }
    expect([...byPerson.values()].some((set) => set.size === 1)).toBe(true);
    expect([...byPerson.values()].every((set) => set.size === 1)).toBe(true);
    expect(new Set(first.map((r) => r.national_id)).size).toBe(byPerson.size);
    const sameRecord = second.find((r) => r.record_id === first[0]!.record_id)!;
    expect(sameRecord.national_id).not.toBe(first[0]!.national_id);
    expect(first.some((r) => r.national_id === input[Number(r.record_id)]![2])).toBe(false);
  });
});

describe('privacy anonymize: hostile input and refusal', () => {
  it('counts malformed CSV lines and values outside their hierarchy, and carries on', async () => {
    const input = generateDataset(11, 200);
    const lines = stringify([HEADER, ...input]).split('\n');
    lines.splice(5, 0, '999,"broken "quote,x,1,2,3,4,5,6', 'too,few,fields');
    lines.splice(
      50,
      0,
      stringify([['1000', 'Eve', 'NID-1', 'forty', '1985-01-01', '75011', 'Centre', 'flu', '']]).trim(),
    );
    const files = workspace(lines.join('\n'), { ...SPEC, k: 2, max_suppression: 0.1 });
    const report = await anonymizeCsvFile(files, { CITYSOC_PSEUDONYM_KEY: KEY });
    expect(report).toMatchObject({ status: 'published', malformed_rows: 2, rejected_rows: 1 });
    expect(report.rows_in).toBe(input.length + 3);
    expect(report.problems.map((p) => p.reason)).toEqual([
      'malformed CSV (CSV_INVALID_CLOSING_QUOTE)',
      'malformed: 3 fields, the header has 9',
      'age: not a number',
    ]);
    expect(report.problems[0]!.line).toBe(6);
  });

  it('refuses when the targets cannot be met within max_suppression, and writes no output', async () => {
    const input = generateDataset(5, 300);
    const spec = {
      quasi_identifiers: { district: { type: 'category', hierarchy: DISTRICTS, levels: [1] } },
      sensitive: ['diagnosis'],
      k: 200,
      max_suppression: 0.05,
    };
    const files = workspace(stringify([HEADER, ...input]), spec);
    const report = await anonymizeCsvFile(files, {});
    expect(report.status).toBe('refused');
    expect(report.refusal?.unmet).toEqual(['k']);
    expect(report.refusal?.reason).toMatch(/^cannot publish: k=200 needs \d+ of \d+ rows/);
    expect(existsSync(files.out)).toBe(false);
    expect((JSON.parse(readFileSync(files.report, 'utf8')) as AnonymizationReport).status).toBe('refused');
  });

  it('refuses to pseudonymize without a key', async () => {
    const files = workspace(stringify([HEADER, ...generateDataset(1, 20)]), { ...SPEC, k: 2 });
    await expect(anonymizeCsvFile(files, {})).rejects.toThrow(/CITYSOC_PSEUDONYM_KEY/);
    expect(existsSync(files.out)).toBe(false);
  });

  it('releases DP aggregates with their epsilon in the report', async () => {
    const input = generateDataset(9, 300);
    const aggregates = [
      { name: 'visits_by_district', group_by: ['district'], epsilon: 0.5 },
      { name: 'diagnoses', group_by: ['diagnosis'], domain: { diagnosis: DIAGNOSES }, epsilon: 0.3 },
    ];
    const files = workspace(stringify([HEADER, ...input]), { ...SPEC, k: 5, max_suppression: 0.05, aggregates });
    const report = await anonymizeCsvFile(files, { CITYSOC_PSEUDONYM_KEY: KEY });
    expect(report.privacy_budget).toEqual({ epsilon: 0.8, delta: 0 });
    expect(report.aggregates[0]).toMatchObject({ epsilon: 0.5, mechanism: 'laplace', noise_scale: 2 });
    expect(report.aggregates[1]!.groups.map((g) => g.group.diagnosis)).toEqual(DIAGNOSES);
    const total = report.aggregates[1]!.groups.reduce((sum, g) => sum + g.value, 0);
    expect(Math.abs(total - input.length)).toBeLessThan(60);
  });
});
