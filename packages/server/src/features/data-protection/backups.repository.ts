import type { Queryable } from '../../platform/db/database.ts';
import type { BackupReportsTable } from '../../platform/db/schema.ts';

export async function insertBackupReport(db: Queryable, row: BackupReportsTable): Promise<void> {
  await db.insertInto('backup_reports').values(row).execute();
}

/** A target as stored: `dataset` or `asset`, and its id. */
export interface BackupTarget {
  kind: 'dataset' | 'asset';
  id: string;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * The newest backup job of each outcome per target. Jobs run every few minutes for years, so only the newest
 * success and the newest failure are read, never the history.
 */
export async function newestJobs(
  db: Queryable,
  kind: BackupTarget['kind'],
  ids: readonly string[],
): Promise<{ target_id: string; status: string; finished_at: string }[]> {
  const rows: { target_id: string; status: string; finished_at: string }[] = [];
  for (const chunk of chunks([...new Set(ids)])) {
    const found = await db
      .selectFrom('backup_reports')
      .select(['target_id', 'status', (eb) => eb.fn.max('finished_at').as('finished_at')])
      .where('kind', '=', 'job')
      .where('target_kind', '=', kind)
      .where('target_id', 'in', chunk)
      .groupBy(['target_id', 'status'])
      .execute();
    for (const row of found) rows.push({ ...row, finished_at: String(row.finished_at) });
  }
  return rows;
}

/** Every restore test of the targets since `since`: tests are rare (quarterly), and their durations matter. */
export async function restoreTests(
  db: Queryable,
  kind: BackupTarget['kind'],
  ids: readonly string[],
  since: string,
): Promise<BackupReportsTable[]> {
  const rows: BackupReportsTable[] = [];
  for (const chunk of chunks([...new Set(ids)])) {
    rows.push(
      ...(await db
        .selectFrom('backup_reports')
        .selectAll()
        .where('kind', '=', 'restore_test')
        .where('target_kind', '=', kind)
        .where('target_id', 'in', chunk)
        .where('finished_at', '>=', since)
        .execute()),
    );
  }
  return rows;
}

/**
 * The latest `backup_job` and `restore_test` reports devices sent as telemetry, which the posture feature keeps
 * in `posture_observations` (one row per asset and metric). Read here rather than stored twice: a backup agent
 * that reports through telemetry counts for the datasets its asset stores.
 */
export async function telemetryBackupReports(
  db: Queryable,
  assetIds: readonly string[],
): Promise<
  {
    asset_id: string;
    metric: string;
    state: string | null;
    value: number | null;
    observed_at: string;
    event_id: string;
  }[]
> {
  const rows = [];
  for (const chunk of chunks([...new Set(assetIds)])) {
    rows.push(
      ...(await db
        .selectFrom('posture_observations')
        .select(['asset_id', 'metric', 'state', 'value', 'observed_at', 'event_id'])
        .where('metric', 'in', ['backup_job', 'restore_test'])
        .where('asset_id', 'in', chunk)
        .execute()),
    );
  }
  return rows;
}
