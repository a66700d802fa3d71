import {
  type BackupEvidence,
  BackupJobReport,
  type BackupOutcome,
  type BackupProblem,
  type BackupStatus,
  backupStatusOf,
  canSeeDepartment,
  InputError,
  NotFoundError,
  type Principal,
  requirePermission,
  RestoreTestReport,
  SYSTEM_PRINCIPAL,
  type DepartmentScope,
} from '@citysoc/core';
import type { Insertable } from 'kysely';
import { v7 as timeOrderedUuid } from 'uuid';
import type { Store } from '../../platform/db/database.ts';
import type { AlertsTable } from '../../platform/db/schema.ts';
import type { Logger } from '../../platform/log.ts';
import { alertRow, type EventDetector } from '../detection/index.ts';
import type { CityModelCache } from '../inventory/index.ts';
import { BACKUP_RULES } from './backup-rules.ts';
import { insertBackupReport, newestJobs, restoreTests, telemetryBackupReports } from './backups.repository.ts';
import { findDataset, listDatasets } from './datasets.repository.ts';
import { storedDataset } from './datasets.service.ts';

/** Telemetry states that mean the job or test succeeded (the posture control DAT-BAK-01's pass states). */
const PASS_STATES = new Set(['success', 'completed', 'ok', 'passed']);
/** A report may be stamped a little ahead of CitySOC's clock (clock skew), not more. */
const MAX_FUTURE_MS = 5 * 60_000;

export interface BackupsOptions {
  /** A restore test is overdue when the last successful one is older than this (the issue: 90 days). */
  restoreTestMaxAgeDays?: number;
  /** How often the watch re-evaluates between detection batches. */
  checkIntervalMs?: number;
  now?: () => Date;
}

export interface BackupWatch extends EventDetector {
  close(): void;
}

/**
 * Backups of datasets and assets: systems report backup jobs and restore tests (API, or `backup_job` /
 * `restore_test` device telemetry kept by the posture feature); CitySOC tracks each dataset's newest successful
 * backup against its RPO and its restore tests against its RTO. A dataset's backups are its own reports and
 * those of the assets that store it. Problems become alerts through the detection pipeline (`watch`, an
 * EventDetector whose `due` hands over the alerts of the last evaluation), one alert per episode.
 */
export function createBackupsService(deps: {
  store: Store;
  city: CityModelCache;
  log: Logger;
  options?: BackupsOptions;
}) {
  const { store, city, log } = deps;
  const options = deps.options ?? {};
  const now = options.now ?? (() => new Date());
  const restoreMaxAgeSeconds = (options.restoreTestMaxAgeDays ?? 90) * 86_400;
  const checkIntervalMs = options.checkIntervalMs ?? 60_000;

  /** The target's department, or NotFoundError when it does not exist or is outside the actor's departments. */
  async function departmentOf(actor: Principal, report: { dataset?: string; asset?: string }): Promise<string> {
    if (report.dataset !== undefined) {
      const row = await findDataset(store.db, actor.departments, report.dataset);
      if (!row) throw new NotFoundError(`Dataset '${report.dataset}' not found`);
      return row.department_id;
    }
    const asset = (await city.current()).assets.get(report.asset ?? '');
    if (!asset || !canSeeDepartment(actor, asset.department))
      throw new NotFoundError(`Asset '${report.asset ?? ''}' not found`);
    return asset.department;
  }

  async function record(
    actor: Principal,
    kind: 'job' | 'restore_test',
    report: { dataset?: string; asset?: string; status: BackupOutcome },
    times: { started_at: string | null; finished_at: string },
    extra: { size_bytes: number | null; duration_seconds: number | null },
  ) {
    requirePermission(actor, 'backups.report');
    const at = now();
    const finished = new Date(times.finished_at);
    if (finished.getTime() > at.getTime() + MAX_FUTURE_MS) throw new InputError('The report is dated in the future');
    const department = await departmentOf(actor, report);
    const row = {
      id: timeOrderedUuid(),
      kind,
      target_kind: report.dataset !== undefined ? 'dataset' : 'asset',
      target_id: report.dataset ?? report.asset ?? '',
      department_id: department,
      status: report.status,
      started_at: times.started_at === null ? null : new Date(times.started_at).toISOString(),
      finished_at: finished.toISOString(),
      reported_by: actor.name,
      reported_at: at.toISOString(),
      ...extra,
    };
    await insertBackupReport(store.db, row);
    return {
      id: row.id,
      kind,
      [row.target_kind]: row.target_id,
      department,
      status: row.status,
      finished_at: row.finished_at,
    };
  }

  /** Backup and restore state of every dataset in the scope, and the problems to alert on. */
  async function evaluate(scope: DepartmentScope): Promise<{ statuses: BackupStatus[]; problems: Problem[] }> {
    const at = now();
    const rows = await listDatasets(store.db, scope, {});
    const datasets = rows.map((row) => ({ row, dataset: storedDataset(row) }));
    const ids = datasets.map((d) => d.dataset.id);
    const assetIds = datasets.flatMap((d) => d.dataset.stored_on);
    const since = new Date(at.getTime() - 2 * restoreMaxAgeSeconds * 1000).toISOString();
    const [datasetJobs, assetJobs, datasetTests, assetTests, telemetry] = await Promise.all([
      newestJobs(store.db, 'dataset', ids),
      newestJobs(store.db, 'asset', assetIds),
      restoreTests(store.db, 'dataset', ids, since),
      restoreTests(store.db, 'asset', assetIds, since),
      telemetryBackupReports(store.db, assetIds),
    ]);
    const evidence = new Map<string, BackupEvidence[]>();
    const add = (target: string, item: BackupEvidence) => {
      const list = evidence.get(target) ?? [];
      list.push(item);
      evidence.set(target, list);
    };
    const outcome = (status: string): BackupOutcome => (status === 'success' ? 'success' : 'failed');
    for (const [kind, jobs] of [
      ['dataset', datasetJobs],
      ['asset', assetJobs],
    ] as const)
      for (const job of jobs) {
        const target = `${kind}:${job.target_id}`;
        const item = { id: `${target}:${job.status}:${job.finished_at}`, at: job.finished_at, target };
        add(target, { ...item, kind: 'job', status: outcome(job.status), durationSeconds: null, source: 'api' });
      }
    for (const test of [...datasetTests, ...assetTests]) {
      const target = `${test.target_kind}:${test.target_id}`;
      add(target, {
        id: test.id,
        kind: 'restore_test',
        status: outcome(test.status),
        at: test.finished_at,
        durationSeconds: test.duration_seconds === null ? null : Number(test.duration_seconds),
        target,
        source: 'api',
      });
    }
    for (const report of telemetry) {
      const target = `asset:${report.asset_id}`;
      const passed = report.state !== null && PASS_STATES.has(report.state);
      add(target, {
        id: report.event_id,
        kind: report.metric === 'restore_test' ? 'restore_test' : 'job',
        status: passed ? 'success' : 'failed',
        at: report.observed_at,
        // A restore test's value, when it sends one, is how long it took in seconds.
        durationSeconds: report.metric === 'restore_test' && report.value !== null ? Number(report.value) : null,
        target,
        source: 'telemetry',
      });
    }
    const statuses: BackupStatus[] = [];
    const problems: Problem[] = [];
    for (const { row, dataset } of datasets) {
      const items = [`dataset:${dataset.id}`, ...dataset.stored_on.map((a) => `asset:${a}`)].flatMap(
        (target) => evidence.get(target) ?? [],
      );
      const result = backupStatusOf({ ...dataset, created_at: row.created_at }, items, at, restoreMaxAgeSeconds);
      statuses.push(result.status);
      for (const problem of result.problems)
        problems.push({
          problem,
          dataset: dataset.id,
          name: dataset.name,
          department: dataset.department,
          asset: dataset.stored_on[0] ?? null,
        });
    }
    return { statuses, problems };
  }

  function alertOf(problem: Problem, at: string): Insertable<AlertsTable> {
    const rule = BACKUP_RULES[problem.problem.kind];
    const titled = { ...rule, title: `${rule.title}: ${problem.name} (${problem.problem.message})` };
    const event = {
      id: problem.problem.key,
      ts: at,
      source: 'citysoc-backups',
      department_id: problem.department,
      host_name: null,
      source_ip: null,
      destination_ip: null,
      user_name: null,
      document: { citysoc: { ...(problem.asset !== null && { asset_id: problem.asset }), dataset: problem.dataset } },
    };
    return alertRow(titled, event, at, problem.department);
  }

  let pending: Insertable<AlertsTable>[] = [];
  let lastCheck = Number.NEGATIVE_INFINITY;
  let checking: Promise<unknown> | null = null;

  /** Evaluates every dataset now and queues the alerts of its problems for the detection pipeline. */
  async function check(): Promise<BackupStatus[]> {
    lastCheck = now().getTime();
    const { statuses, problems } = await evaluate(SYSTEM_PRINCIPAL.departments);
    const at = now().toISOString();
    pending.push(...problems.map((p) => alertOf(p, at)));
    return statuses;
  }

  const watch: BackupWatch = {
    observe: () => [],
    due() {
      if (checking === null && now().getTime() - lastCheck >= checkIntervalMs) {
        checking = check()
          .catch((error: unknown) => log.error({ err: error }, 'backup evaluation failed'))
          .finally(() => {
            checking = null;
          });
      }
      const out = pending;
      pending = [];
      return out;
    },
    close() {
      pending = [];
    },
  };

  return {
    async reportJob(actor: Principal, input: BackupJobReport) {
      const report = BackupJobReport.parse(input);
      return record(
        actor,
        'job',
        report,
        { started_at: report.started_at, finished_at: report.finished_at },
        { size_bytes: report.size ?? null, duration_seconds: null },
      );
    },

    async reportRestoreTest(actor: Principal, input: RestoreTestReport) {
      const report = RestoreTestReport.parse(input);
      const finished = report.tested_at ?? now().toISOString();
      return record(
        actor,
        'restore_test',
        report,
        { started_at: null, finished_at: finished },
        { size_bytes: null, duration_seconds: report.duration_seconds },
      );
    },

    /** `GET /api/backups/status`: every dataset the actor may see, with its RPO and restore state. */
    async status(actor: Principal): Promise<BackupStatus[]> {
      requirePermission(actor, 'datasets.read');
      return (await evaluate(actor.departments)).statuses;
    },

    check,
    watch,
  };
}

interface Problem {
  problem: BackupProblem;
  dataset: string;
  name: string;
  department: string;
  asset: string | null;
}

export type BackupsService = ReturnType<typeof createBackupsService>;
