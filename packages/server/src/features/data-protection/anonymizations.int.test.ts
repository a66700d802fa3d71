import { createHmac } from 'node:crypto';
import {
  type AnonymizationJob,
  type AnonymizationJobDetail,
  InputError,
  NotAllowedError,
  NotFoundError,
  type Principal,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { createApp } from '../../server.ts';
import { bearer } from '../../testing/bearer.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { createDataProtection, type DataProtection } from './index.ts';

const KEY = 'job-pseudonym-key-0123456789abcdef';
const HEADER = ['name', 'national_id', 'age', 'district', 'diagnosis', 'note'];
const DISTRICTS = ['Centre', 'Harbour', 'Hills'];
const DIAGNOSES = ['asthma', 'flu', 'fracture', 'migraine'];

/** Residents with an age, a district and a diagnosis, from a fixed seed (Mulberry32). */
function residents(count: number, seed = 7): string[][] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (values: readonly string[]) => values[Math.floor(random() * values.length)]!;
  return Array.from({ length: count }, (_, i) => [
    `Person ${i}`,
    `NID-${100_000 + i}`,
    String(Math.floor(random() * 90)),
    pick(DISTRICTS),
    pick(DIAGNOSES),
    pick(['', 'ok', '=HYPERLINK("http://x")']),
  ]);
}

const SPEC = {
  direct_identifiers: { name: 'drop', national_id: 'pseudonymize' },
  quasi_identifiers: {
    age: { type: 'numeric', levels: [10, 20, '*'] },
    district: { type: 'category', hierarchy: { Centre: 'Inner', Harbour: 'Inner', Hills: 'Outer' }, levels: [1, '*'] },
  },
  sensitive: ['diagnosis'],
  k: 5,
  l: 2,
  max_suppression: 0.05,
};

const csvOf = (rows: string[][]) => stringify([HEADER, ...rows]);
const pseudonym = (value: string) => createHmac('sha256', KEY).update(value).digest('hex').slice(0, 32);

describe.each(testDatabaseKinds())('anonymisation jobs on $kind', (kind) => {
  let city: TestCity;
  let dp: DataProtection;
  let olivia: Principal; // data owner, water
  let erin: Principal; // data owner, energy
  let sam: Principal; // sysadmin, water

  beforeEach(async () => {
    city = await createTestCity(kind);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)),
    );
    await city.services.city.current();
    olivia = await city.addUser('olivia', 'data_owner', ['water']);
    erin = await city.addUser('erin', 'data_owner', ['energy']);
    sam = await city.addUser('sam', 'sysadmin', ['water']);
    dp = createDataProtection({ ...city.services, anonymizations: { pseudonymKey: KEY } });
    await dp.datasets.create(olivia, {
      id: 'water-patients',
      name: 'Priority patients',
      owner: 'olivia',
      department: 'water',
      stored_on: ['historian-db'],
      services: [],
      classification: 'special_category',
      fields: [
        { name: 'national_id', personal: true },
        { name: 'diagnosis', personal: true, special_category: true },
      ],
      legal_basis: { basis: 'public_task', special_condition: 'vital_interests', text: 'Water Supply Act §12' },
      retention: '5y',
    });
  });
  afterEach(() => city.dispose());

  const run = (actor: Principal, spec: unknown, rows = residents(600), datasetId: string | null = 'water-patients') =>
    dp.anonymizations.run(actor, {
      name: 'Open data 2026',
      csv: csvOf(rows),
      spec: typeof spec === 'string' ? spec : toYaml(spec),
      ...(datasetId !== null && { datasetId }),
    });

  it('publishes an output that meets k and l, checked on the downloaded file, and audits the job', async () => {
    const input = residents(600);
    const job = await run(olivia, SPEC, input);
    expect(job).toMatchObject({ status: 'succeeded', rows_in: 600, department_id: 'water', has_output: true });
    expect(job.targets).toEqual({ k: 5, l: 2, max_suppression: 0.05 });
    expect(job.report).toMatchObject({ status: 'published', rows_in: 600 });

    const { csv } = await dp.anonymizations.output(olivia, job.id);
    const [header, ...rows] = parse(csv) as string[][];
    expect(header).toEqual(HEADER.filter((c) => c !== 'name'));
    const at = (name: string) => header!.indexOf(name);
    const classes = new Map<string, string[]>();
    for (const row of rows) {
      const key = `${row[at('age')]}|${row[at('district')]}`;
      classes.set(key, [...(classes.get(key) ?? []), row[at('diagnosis')]!]);
    }
    for (const diagnoses of classes.values()) {
      expect(diagnoses.length).toBeGreaterThanOrEqual(5);
      expect(new Set(diagnoses).size).toBeGreaterThanOrEqual(2);
    }
    expect(Math.min(...[...classes.values()].map((c) => c.length))).toBe(job.achieved?.k);
    expect(rows).toHaveLength(job.rows_out!);
    expect(600 - rows.length).toBe(job.suppressed_rows);
    const nationalIds = new Set(input.map((r) => pseudonym(r[1]!)));
    for (const row of rows) {
      expect(nationalIds.has(row[at('national_id')]!)).toBe(true);
      expect(row[at('note')]).not.toMatch(/^=/);
    }

    const [entry] = await city.services.audit.list(SYSTEM_PRINCIPAL, {
      limit: 1,
      target: { type: 'anonymization_job', id: job.id },
    });
    expect(entry).toMatchObject({ action: 'anonymization.run', actorName: 'olivia', departmentId: 'water' });
    expect(entry?.details).toMatchObject({ status: 'succeeded', rowsIn: 600, dataset: 'water-patients' });
  });

  it('records a refusal with its reason and no output', async () => {
    const job = await run(olivia, { ...SPEC, k: 1000 });
    expect(job).toMatchObject({ status: 'refused', has_output: false, rows_out: 0 });
    expect(job.reason).toMatch(/k/);
    expect(job.report).toMatchObject({ status: 'refused', refusal: { reason: job.reason } });
    await expect(dp.anonymizations.output(olivia, job.id)).rejects.toThrow(/published nothing/);
  });

  it('records a spec or file it cannot use as a failed job, saying why', async () => {
    const badYaml = await run(olivia, 'k: [unclosed');
    expect(badYaml).toMatchObject({ status: 'failed', report: null, rows_in: 0 });
    expect(badYaml.reason).toMatch(/not valid YAML/);
    const missing = await run(olivia, { ...SPEC, sensitive: ['blood_type'] });
    expect(missing.reason).toMatch(/no column 'blood_type'/);
    const keyless = createDataProtection({ ...city.services });
    const noKey = await keyless.anonymizations.run(olivia, {
      name: 'x',
      csv: csvOf(residents(50)),
      spec: toYaml(SPEC),
      datasetId: 'water-patients',
    });
    expect(noKey).toMatchObject({ status: 'failed' });
    expect(noKey.reason).toMatch(/CITYSOC_PSEUDONYM_KEY/);
    expect((await dp.anonymizations.list(olivia, { status: 'failed' })).map((j) => j.id).sort()).toEqual(
      [badYaml.id, missing.id, noKey.id].sort(),
    );
  });

  it('reports the epsilon spent on differentially private aggregates', async () => {
    const aggregates = [{ name: 'per_district', group_by: ['district'], epsilon: 0.5 }];
    const job = await run(olivia, { ...SPEC, aggregates });
    expect(job).toMatchObject({ status: 'succeeded', epsilon: 0.5 });
  });

  it('runs a large CSV on a worker thread with the same outcome, and a bad spec there fails the job', async () => {
    const threaded = createDataProtection({
      ...city.services,
      anonymizations: { pseudonymKey: KEY, inThreadMaxChars: 0 },
    });
    const input = residents(600);
    const spec = toYaml(SPEC);
    const body = { name: 'threaded', csv: csvOf(input), spec, datasetId: 'water-patients' };
    const [job, inThread] = await Promise.all([threaded.anonymizations.run(olivia, body), run(olivia, SPEC, input)]);
    expect(job).toMatchObject({ status: 'succeeded', rows_in: 600, achieved: inThread.achieved });
    // Generalisation is deterministic: the same rows are published, with the same pseudonyms, on either path.
    const [fromThread, fromRequest] = await Promise.all(
      [job.id, inThread.id].map(async (id) => (await threaded.anonymizations.output(olivia, id)).csv),
    );
    expect(fromThread).toBe(fromRequest);
    const failed = await threaded.anonymizations.run(olivia, { ...body, spec: toYaml({ ...SPEC, k: 'five' }) });
    expect(failed).toMatchObject({ status: 'failed', report: null });
  });

  it("scopes jobs to the dataset's department and needs privacy.anonymize", async () => {
    const job = await run(olivia, SPEC);
    expect(await dp.anonymizations.list(erin)).toEqual([]);
    await expect(dp.anonymizations.get(erin, job.id)).rejects.toThrow(NotFoundError);
    await expect(dp.anonymizations.output(erin, job.id)).rejects.toThrow(NotFoundError);
    await expect(run(erin, SPEC)).rejects.toThrow(NotFoundError);
    await expect(run(sam, SPEC)).rejects.toThrow(NotAllowedError);
    await expect(dp.anonymizations.list(sam)).rejects.toThrow(NotAllowedError);
    await expect(run(olivia, SPEC, residents(50), null)).rejects.toThrow(InputError);
    // A city-wide administrator may run a job without a dataset; a department's people never see it.
    const unscoped = await run(SYSTEM_PRINCIPAL, SPEC, residents(200), null);
    expect(unscoped.department_id).toBeNull();
    expect((await dp.anonymizations.list(olivia)).map((j) => j.id)).toEqual([job.id]);
    expect((await dp.anonymizations.list(SYSTEM_PRINCIPAL)).map((j) => j.id)).toEqual([unscoped.id, job.id]);
  });

  describe('over HTTP', () => {
    let app: HttpServer;
    beforeEach(async () => {
      app = await createApp(city.services);
    });
    afterEach(() => app.close());

    it('runs a job, lists it, serves its report and its CSV, and refuses bad bodies', async () => {
      const admin = await bearer(city.services, 'admin');
      const body = {
        name: 'Release',
        csv: csvOf(residents(300)),
        spec: toYaml({ ...SPEC, direct_identifiers: { name: 'drop', national_id: 'drop' } }),
        datasetId: 'water-patients',
      };
      const created = await app.inject({
        method: 'POST',
        url: '/api/privacy/anonymizations',
        headers: admin,
        payload: body,
      });
      expect(created.statusCode).toBe(201);
      const job = created.json<AnonymizationJobDetail>();
      expect(job.status).toBe('succeeded');

      const list = await app.inject({ url: '/api/privacy/anonymizations?dataset=water-patients', headers: admin });
      expect(list.json<AnonymizationJob[]>().map((j) => j.id)).toEqual([job.id]);
      const detail = await app.inject({ url: `/api/privacy/anonymizations/${job.id}`, headers: admin });
      expect(detail.json()).toMatchObject({ id: job.id, report: { status: 'published' }, spec: body.spec });
      const output = await app.inject({ url: `/api/privacy/anonymizations/${job.id}/output.csv`, headers: admin });
      expect(output.statusCode).toBe(200);
      expect(output.headers['content-type']).toMatch(/^text\/csv/);
      expect(output.headers['content-disposition']).toBe(`attachment; filename="anonymized-${job.id}.csv"`);
      expect(output.body.split('\n')[0]).toBe('age,district,diagnosis,note');

      const post = (payload: object) =>
        app.inject({ method: 'POST', url: '/api/privacy/anonymizations', headers: admin, payload });
      expect((await post({ ...body, extra: 1 })).statusCode).toBe(400);
      expect((await post({ ...body, datasetId: '../x' })).statusCode).toBe(400);
      expect((await post({ ...body, csv: '' })).statusCode).toBe(400);
      expect((await post({ ...body, datasetId: 'nope' })).statusCode).toBe(404);
      const reader = await bearer(city.services, 'read', 'water');
      expect((await app.inject({ url: '/api/privacy/anonymizations', headers: reader })).statusCode).toBe(403);
      expect(
        (await app.inject({ url: '/api/privacy/anonymizations/nope/output.csv', headers: admin })).statusCode,
      ).toBe(404);
    });
  });
});
