import { type BackupStatus, type DatasetInput, type Principal, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { bearer } from '../../testing/bearer.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { createDetectionService, type DetectionService, loadDetectionEngine } from '../detection/index.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { createDataProtection, type DataProtection } from './index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const HISTORIAN: DatasetInput = {
  id: 'process-history',
  name: 'Process history',
  owner: 'olivia',
  department: 'water',
  classification: 'confidential',
  stored_on: ['historian-db'],
  rpo: '1d',
  rto: '4h',
};

describe.each(testDatabaseKinds())('backups on $kind', (kind) => {
  let city: TestCity;
  let clock: number;
  let dp: DataProtection;
  let detection: DetectionService;
  let olivia: Principal;

  beforeEach(async () => {
    city = await createTestCity(kind);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)),
    );
    await city.services.city.current();
    clock = Date.parse('2026-03-01T08:00:00Z');
    dp = createDataProtection({
      ...city.services,
      now: () => new Date(clock),
      backups: { restoreTestMaxAgeDays: 90, checkIntervalMs: 0 },
    });
    // The real detection pipeline with only this feature's watch: alerts are written the way every alert is.
    detection = createDetectionService({
      ...city.services,
      engine: loadDetectionEngine([]).engine,
      refusedRules: 0,
      detectors: [dp.backups.watch],
    });
    olivia = await city.addUser('olivia', 'data_owner', ['water']);
    await dp.datasets.create(olivia, HISTORIAN);
  });
  afterEach(() => city.dispose());

  const iso = (ms: number) => new Date(ms).toISOString();
  const job = (status: 'success' | 'failed', finishedAgoMs: number, target: object = { dataset: 'process-history' }) =>
    dp.backups.reportJob(SYSTEM_PRINCIPAL, {
      ...target,
      status,
      started_at: iso(clock - finishedAgoMs - 600_000),
      finished_at: iso(clock - finishedAgoMs),
    });
  const statusOf = async (): Promise<BackupStatus> => (await dp.backups.status(SYSTEM_PRINCIPAL))[0]!;
  const alertsOf = (rule: string) => city.services.alerts.list(SYSTEM_PRINCIPAL, { rule, limit: 100 });
  /** One detection pass: the watch evaluates, then the next pass writes what it found. */
  const detect = async () => {
    await dp.backups.check();
    await detection.catchUp();
  };

  it('tracks the newest successful backup against the RPO and raises one alert when it is late', async () => {
    await job('success', 2 * HOUR);
    await job('failed', HOUR);
    expect(await statusOf()).toMatchObject({
      rpo_seconds: 86_400,
      rpo_status: 'ok',
      last_success_at: iso(clock - 2 * HOUR),
      backup_age_seconds: 7200,
      last_job: { status: 'failed' },
    });
    await detect();
    expect(await alertsOf('citysoc-backup-late')).toEqual([]);

    clock += 23 * HOUR; // 25 hours since the last success; the failed job does not count
    expect(await statusOf()).toMatchObject({ rpo_status: 'late' });
    await detect();
    await detect();
    const [late, ...more] = await alertsOf('citysoc-backup-late');
    expect(more).toEqual([]);
    expect(late).toMatchObject({ departmentId: 'water', level: 'high' });
    expect(late!.title).toContain('Process history');

    // A backup of the asset that stores the dataset counts for it.
    await job('success', 0, { asset: 'historian-db' });
    expect(await statusOf()).toMatchObject({ rpo_status: 'ok', last_job: { target: 'asset:historian-db' } });
  });

  it('counts backup_job telemetry the posture feature keeps for the storing asset', async () => {
    clock = Date.now(); // ingest stamps events with the real clock
    await city.services.ingest.ingest({ channel: 'http', departmentId: null, format: 'ndjson' }, [
      JSON.stringify({ device_id: 'historian-db', metric: 'backup_job', state: 'success', ts: iso(clock - HOUR) }),
    ]);
    await city.services.detection.catchUp();
    const stored = () => city.services.store.db.selectFrom('posture_observations').selectAll().execute();
    for (let i = 0; i < 50 && (await stored()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await statusOf()).toMatchObject({
      rpo_status: 'ok',
      last_job: { status: 'success', source: 'telemetry', target: 'asset:historian-db' },
    });
  });

  it('raises an alert for a failed restore test, one slower than the RTO, and an overdue one', async () => {
    await job('success', HOUR);
    const test = (status: 'success' | 'failed', duration: number) =>
      dp.backups.reportRestoreTest(SYSTEM_PRINCIPAL, {
        dataset: 'process-history',
        status,
        duration_seconds: duration,
        tested_at: iso(clock),
      });
    await test('success', 1800);
    expect(await statusOf()).toMatchObject({ restore_status: 'ok', last_restore_test: { duration_seconds: 1800 } });

    clock += HOUR;
    await job('success', 0);
    await test('failed', 600);
    expect(await statusOf()).toMatchObject({ restore_status: 'failed' });
    await detect();
    expect(await alertsOf('citysoc-restore-failed')).toHaveLength(1);

    clock += HOUR;
    await job('success', 0);
    await test('success', 5 * 3600); // RTO is 4h
    expect(await statusOf()).toMatchObject({ restore_status: 'too_slow' });
    await detect();
    expect(await alertsOf('citysoc-restore-too-slow')).toHaveLength(1);

    // 91 days on, backups still running, the last passing restore test (the first one) is overdue.
    clock += 91 * DAY;
    await job('success', 0);
    const status = await statusOf();
    expect(status).toMatchObject({ rpo_status: 'ok', restore_status: 'too_slow' });
    expect(status.problems.join(' ')).toMatch(/last successful restore test 91 days ago/);
    await detect();
    expect(await alertsOf('citysoc-restore-overdue')).toHaveLength(1);
  });

  describe('over HTTP', () => {
    let app: HttpServer;
    beforeEach(async () => {
      app = await createApp(city.services);
    });
    afterEach(() => app.close());

    it('takes reports from ingest tokens of the department, refuses others and hostile input', async () => {
      const now = Date.now();
      const payload = {
        dataset: 'process-history',
        status: 'success',
        started_at: iso(now - 60_000),
        finished_at: iso(now),
        size: 1_048_576,
      };
      const post = async (headers: Record<string, string>, body: object, url = '/api/backups/jobs') =>
        app.inject({ method: 'POST', url, headers, payload: body });
      const water = await bearer(city.services, 'ingest', 'water');
      const accepted = await post(water, payload);
      expect(accepted.statusCode).toBe(201);
      expect(accepted.json()).toMatchObject({ kind: 'job', dataset: 'process-history', department: 'water' });
      expect((await post(await bearer(city.services, 'ingest', 'energy'), payload)).statusCode).toBe(404);
      expect((await post(await bearer(city.services, 'read', 'water'), payload)).statusCode).toBe(403);
      expect((await post(water, { ...payload, asset: 'historian-db' })).statusCode).toBe(400);
      expect((await post(water, { ...payload, status: 'ok' })).statusCode).toBe(400);
      expect((await post(water, { ...payload, extra: true })).statusCode).toBe(400);
      expect((await post(water, { ...payload, finished_at: 'yesterday' })).statusCode).toBe(400);
      expect((await post(water, { ...payload, finished_at: iso(now + DAY), started_at: iso(now) })).statusCode).toBe(
        400,
      );
      const restore = await post(
        water,
        { asset: 'historian-db', status: 'success', duration_seconds: 900 },
        '/api/backups/restore-tests',
      );
      expect(restore.statusCode).toBe(201);

      const status = await app.inject({ url: '/api/backups/status', headers: await bearer(city.services, 'read') });
      expect(status.statusCode).toBe(200);
      expect(status.json()).toEqual([
        expect.objectContaining({
          dataset: 'process-history',
          rpo_status: 'ok',
          restore_status: 'ok',
          last_restore_test: expect.objectContaining({ target: 'asset:historian-db', duration_seconds: 900 }),
        }),
      ]);
      const energy = await app.inject({
        url: '/api/backups/status',
        headers: await bearer(city.services, 'read', 'energy'),
      });
      expect(energy.json()).toEqual([]);
    });
  });
});
