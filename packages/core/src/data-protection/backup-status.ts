import { z } from 'zod';
import { InventoryId } from '../city/inventory.ts';
import { DatasetId } from './dataset.ts';

/**
 * Backups of the city's datasets and assets as their systems report them, and what CitySOC makes of them: is
 * the newest successful backup younger than the dataset's RPO, and has a restore been proven recently enough
 * and fast enough for its RTO. Pure: the server gathers the reports, this decides.
 */

const Target = {
  dataset: DatasetId.optional(),
  asset: InventoryId.optional(),
};
const exactlyOneTarget = (report: { dataset?: string | undefined; asset?: string | undefined }) =>
  (report.dataset === undefined) !== (report.asset === undefined);
const TARGET_MESSAGE = 'name exactly one of dataset or asset';

export const BackupOutcome = z.enum(['success', 'failed']);
export type BackupOutcome = z.infer<typeof BackupOutcome>;

/** `POST /api/backups/jobs`: one backup job, as the backup system ran it. */
export const BackupJobReport = z
  .strictObject({
    ...Target,
    status: BackupOutcome,
    started_at: z.iso.datetime({ offset: true }),
    finished_at: z.iso.datetime({ offset: true }),
    /** Bytes written. */
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .refine(exactlyOneTarget, TARGET_MESSAGE)
  .refine((r) => Date.parse(r.finished_at) >= Date.parse(r.started_at), {
    message: 'finished_at is before started_at',
    path: ['finished_at'],
  });
export type BackupJobReport = z.infer<typeof BackupJobReport>;

/** `POST /api/backups/restore-tests`: one restore of a backup into a test environment. */
export const RestoreTestReport = z
  .strictObject({
    ...Target,
    status: BackupOutcome,
    duration_seconds: z
      .number()
      .min(0)
      .max(365 * 86_400),
    /** When the test finished; defaults to when it is reported. */
    tested_at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine(exactlyOneTarget, TARGET_MESSAGE);
export type RestoreTestReport = z.infer<typeof RestoreTestReport>;

/** One piece of backup evidence about a dataset: from the API (its own or a storing asset's) or device telemetry. */
export interface BackupEvidence {
  readonly id: string;
  readonly kind: 'job' | 'restore_test';
  readonly status: BackupOutcome;
  /** When the job or test finished. */
  readonly at: string;
  readonly durationSeconds: number | null;
  /** `dataset:<id>` or `asset:<id>`, and whether it came from the API or telemetry. */
  readonly target: string;
  readonly source: 'api' | 'telemetry';
}

export const RpoState = z.enum(['ok', 'late', 'not_tracked']);
export const RestoreState = z.enum(['ok', 'overdue', 'failed', 'too_slow', 'not_tracked']);

export const BackupStatus = z.object({
  dataset: z.string(),
  name: z.string(),
  department: z.string(),
  classification: z.string(),
  rpo_seconds: z.number().nullable(),
  rto_seconds: z.number().nullable(),
  last_success_at: z.string().nullable(),
  /** Seconds since the last successful backup (since the dataset was catalogued when there was none). */
  backup_age_seconds: z.number().nullable(),
  last_job: z
    .object({ status: BackupOutcome, at: z.string(), target: z.string(), source: z.enum(['api', 'telemetry']) })
    .nullable(),
  rpo_status: RpoState,
  last_restore_test: z
    .object({ status: BackupOutcome, at: z.string(), duration_seconds: z.number().nullable(), target: z.string() })
    .nullable(),
  restore_status: RestoreState,
  /** What is wrong, in words, for the page and the alert. */
  problems: z.array(z.string()),
});
export type BackupStatus = z.infer<typeof BackupStatus>;

/** An alert-worthy condition; `key` is stable for one episode (raising it twice raises one alert). */
export interface BackupProblem {
  readonly kind: 'backup_late' | 'restore_overdue' | 'restore_failed' | 'restore_too_slow';
  readonly key: string;
  readonly message: string;
}

export interface DatasetBackupPolicy {
  readonly id: string;
  readonly name: string;
  readonly department: string;
  readonly classification: string;
  readonly rpo?: number | undefined;
  readonly rto?: number | undefined;
  /** When it was catalogued: the RPO clock of a dataset never backed up starts here. */
  readonly created_at: string;
}

const newest = <T extends { at: string }>(items: readonly T[]): T | undefined =>
  items.reduce<T | undefined>((best, item) => (best === undefined || item.at > best.at ? item : best), undefined);

function ageText(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${Math.floor(seconds / 86_400)} days`;
  if (seconds >= 2 * 3_600) return `${Math.floor(seconds / 3_600)} hours`;
  return `${Math.floor(seconds / 60)} minutes`;
}

/**
 * The backup and restore state of one dataset at `now`. Backups are tracked when the dataset has an RPO;
 * restore tests when it has an RPO or an RTO (data worth backing up is worth restoring). A restore test counts
 * as passed when it succeeded within the RTO (when there is one); the newest test decides failed/too slow, and
 * the newest passing test must be younger than `restoreMaxAgeSeconds`.
 */
export function backupStatusOf(
  dataset: DatasetBackupPolicy,
  evidence: readonly BackupEvidence[],
  now: Date,
  restoreMaxAgeSeconds: number,
): { status: BackupStatus; problems: BackupProblem[] } {
  const nowMs = now.getTime();
  const secondsSince = (iso: string) => Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  const jobs = evidence.filter((e) => e.kind === 'job');
  const tests = evidence.filter((e) => e.kind === 'restore_test');
  const lastJob = newest(jobs);
  const lastSuccess = newest(jobs.filter((j) => j.status === 'success'));
  const lastTest = newest(tests);
  const rpo = dataset.rpo ?? null;
  const rto = dataset.rto ?? null;
  const problems: BackupProblem[] = [];

  const age = secondsSince(lastSuccess?.at ?? dataset.created_at);
  let rpoStatus: z.infer<typeof RpoState> = 'not_tracked';
  if (rpo !== null) {
    rpoStatus = age > rpo ? 'late' : 'ok';
    if (rpoStatus === 'late') {
      problems.push({
        kind: 'backup_late',
        key: `backup-late:${dataset.id}:${lastSuccess?.at ?? 'never'}`,
        message:
          lastSuccess === undefined
            ? `no successful backup in ${ageText(age)} since it was catalogued (RPO ${ageText(rpo)})`
            : `last successful backup ${ageText(age)} ago (RPO ${ageText(rpo)})`,
      });
    }
  }

  let restoreStatus: z.infer<typeof RestoreState> = 'not_tracked';
  if (rpo !== null || rto !== null) {
    const passes = (t: BackupEvidence) =>
      t.status === 'success' && (rto === null || t.durationSeconds === null || t.durationSeconds <= rto);
    const lastPass = newest(tests.filter(passes));
    const sincePass = secondsSince(lastPass?.at ?? dataset.created_at);
    restoreStatus = 'ok';
    if (lastTest && lastTest.status === 'failed') {
      restoreStatus = 'failed';
      problems.push({
        kind: 'restore_failed',
        key: `restore-failed:${dataset.id}:${lastTest.id}`,
        message: `restore test failed at ${lastTest.at}`,
      });
    } else if (lastTest && !passes(lastTest)) {
      restoreStatus = 'too_slow';
      problems.push({
        kind: 'restore_too_slow',
        key: `restore-slow:${dataset.id}:${lastTest.id}`,
        message: `restore took ${ageText(lastTest.durationSeconds ?? 0)}, over the RTO of ${ageText(rto ?? 0)}`,
      });
    }
    if (sincePass > restoreMaxAgeSeconds) {
      if (restoreStatus === 'ok') restoreStatus = 'overdue';
      problems.push({
        kind: 'restore_overdue',
        key: `restore-overdue:${dataset.id}:${lastPass?.at ?? 'never'}`,
        message:
          lastPass === undefined
            ? `no successful restore test in ${ageText(sincePass)}`
            : `last successful restore test ${ageText(sincePass)} ago (due every ${ageText(restoreMaxAgeSeconds)})`,
      });
    }
  }

  return {
    status: {
      dataset: dataset.id,
      name: dataset.name,
      department: dataset.department,
      classification: dataset.classification,
      rpo_seconds: rpo,
      rto_seconds: rto,
      last_success_at: lastSuccess?.at ?? null,
      backup_age_seconds: rpo === null && lastSuccess === undefined ? null : age,
      last_job: lastJob
        ? { status: lastJob.status, at: lastJob.at, target: lastJob.target, source: lastJob.source }
        : null,
      rpo_status: rpoStatus,
      last_restore_test: lastTest
        ? {
            status: lastTest.status,
            at: lastTest.at,
            duration_seconds: lastTest.durationSeconds,
            target: lastTest.target,
          }
        : null,
      restore_status: restoreStatus,
      problems: problems.map((p) => p.message),
    },
    problems,
  };
}
