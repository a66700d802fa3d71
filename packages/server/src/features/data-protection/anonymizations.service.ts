import {
  type AnonymizationJob,
  AnonymizationJobDetail,
  AnonymizationJobInput,
  AnonymizationJobStatus,
  AnonymizationSummary,
  type AnonymizationReport,
  InputError,
  NotFoundError,
  type Principal,
  requirePermission,
  summarizeAnonymization,
  type UniformRandom,
  UnavailableError,
} from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import { z } from 'zod';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuditLog } from '../audit/index.ts';
import { type AnonymizedText, anonymizeCsvText, checkPseudonymKey, parseSpecYaml } from './anonymization-csv.ts';
import { anonymizeOffThread } from './anonymization-thread.ts';
import {
  type AnonymizationJobRow,
  findAnonymizationJob,
  findAnonymizationOutput,
  insertAnonymizationJob,
  listAnonymizationJobs,
} from './anonymizations.repository.ts';
import { findDataset } from './datasets.repository.ts';

/** Below this many characters of CSV a job runs on the request's thread: a thread's start-up would cost more. */
const IN_THREAD_MAX_CHARS = 256 * 1024;
/** Jobs on their own threads at once; more wait their turn (each holds its CSV and the search in memory). */
const MAX_THREADS = 2;

export interface AnonymizationsOptions {
  /** The key of keyed pseudonyms (`CITYSOC_PSEUDONYM_KEY`, as for the CLI); jobs that pseudonymize fail without it. */
  pseudonymKey?: string | undefined;
  /** The noise source of DP aggregates; the operating system's CSPRNG unless a test fixes it (then in-thread). */
  random?: UniformRandom;
  /** Larger CSVs run on a worker thread (default 256 KiB). */
  inThreadMaxChars?: number;
  now?: () => Date;
}

const Report = z.record(z.string(), z.unknown());

interface Outcome {
  status: AnonymizationJobStatus;
  report: AnonymizationReport | null;
  output: string | null;
  /** Data records read; 0 when the run failed before reading them. */
  rows: number;
  failure?: string;
}

function jobView(row: AnonymizationJobRow): AnonymizationJob {
  return {
    ...AnonymizationSummary.parse(JSON.parse(row.summary)),
    id: row.id,
    name: row.name,
    dataset_id: row.dataset_id,
    department_id: row.department_id,
    requested_by: row.requested_by,
    created_at: row.created_at,
    duration_ms: Number(row.duration_ms),
    status: AnonymizationJobStatus.parse(row.status),
    rows_in: Number(row.rows_in),
    has_output: Number(row.has_output) === 1,
  };
}

/**
 * Anonymisation jobs: the CLI's anonymiser run by the server on a CSV sent over HTTP, so data owners can prepare
 * open-data releases from the dashboard and keep the report beside the output. The request waits for the job: its
 * input is bounded by the body limit (10 MB by default). A small CSV is anonymised on the request's thread; a
 * larger one on a worker thread, so seconds of lattice search never stall ingest and detection. Only the output
 * and report are kept, never the input. A job belongs to the department of the dataset it is an extract of;
 * without a dataset, only city-wide roles may run and see it. Every job, whatever its outcome, is audited.
 */
export function createAnonymizationsService(deps: {
  store: Store;
  audit: AuditLog;
  log: Logger;
  options?: AnonymizationsOptions;
}) {
  const { store, audit, log } = deps;
  const options = deps.options ?? {};
  const now = options.now ?? (() => new Date());
  const configuredKey = options.pseudonymKey ? Buffer.from(options.pseudonymKey, 'utf8') : null;
  const inThreadMaxChars = options.inThreadMaxChars ?? IN_THREAD_MAX_CHARS;
  const threads = createSemaphore(MAX_THREADS);

  /** In the request for a small CSV (or a fixed noise source); on a worker thread otherwise. */
  async function anonymize(input: AnonymizationJobInput, key: Buffer | null): Promise<AnonymizedText> {
    if (options.random !== undefined || input.csv.length <= inThreadMaxChars)
      return anonymizeCsvText(parseSpecYaml(input.spec, 'spec'), input.csv, {
        key,
        ...(options.random !== undefined && { random: options.random }),
      });
    try {
      return await threads.run(() => anonymizeOffThread({ spec: input.spec, csv: input.csv, key }));
    } catch (error) {
      if (error instanceof InputError) throw error;
      // The thread died (out of memory, a bug): nothing was decided about the data, so no job is recorded.
      log.error({ err: error, name: input.name }, 'anonymisation thread failed');
      throw new UnavailableError('The anonymisation could not run to its end; try again or use the CLI');
    }
  }

  async function departmentOf(actor: Principal, datasetId: string | undefined): Promise<string | null> {
    if (datasetId !== undefined) {
      const dataset = await findDataset(store.db, actor.departments, datasetId);
      if (!dataset) throw new NotFoundError(`Dataset '${datasetId}' not found`);
      return dataset.department_id;
    }
    if (!actor.departments.all)
      throw new InputError('datasetId: name the dataset the file is an extract of (the job belongs to its department)');
    return null;
  }

  /** Runs the anonymiser; a problem with the spec, the file or the key is the job's failure, not the request's. */
  async function execute(input: AnonymizationJobInput): Promise<Outcome> {
    try {
      const key = configuredKey === null ? null : checkPseudonymKey(configuredKey);
      const result = await anonymize(input, key);
      const status: AnonymizationJobStatus = result.output === null ? 'refused' : 'succeeded';
      return { status, report: result.report, output: result.output, rows: result.rows };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { status: 'failed', report: null, output: null, rows: 0, failure: error.message };
    }
  }

  async function get(actor: Principal, id: string): Promise<AnonymizationJobDetail> {
    requirePermission(actor, 'privacy.anonymize');
    const row = await findAnonymizationJob(store.db, actor.departments, id);
    if (!row) throw new NotFoundError(`Anonymisation job '${id}' not found`);
    return AnonymizationJobDetail.parse({
      ...jobView(row),
      spec: row.spec,
      report: row.report === null ? null : Report.parse(JSON.parse(row.report)),
    });
  }

  return {
    async run(actor: Principal, body: AnonymizationJobInput): Promise<AnonymizationJobDetail> {
      requirePermission(actor, 'privacy.anonymize');
      const input = AnonymizationJobInput.parse(body);
      const department = await departmentOf(actor, input.datasetId);
      const started = performance.now();
      const result = await execute(input);
      const duration = Math.round((performance.now() - started) * 10) / 10;
      const summary = summarizeAnonymization(result.report, result.failure);
      const id = timeOrderedUuid();
      await audit.transact(actor, async (trx, record) => {
        await insertAnonymizationJob(trx, {
          id,
          name: input.name,
          dataset_id: input.datasetId ?? null,
          department_id: department,
          requested_by: actor.name,
          requested_by_id: actor.id,
          created_at: now().toISOString(),
          duration_ms: duration,
          status: result.status,
          rows_in: result.rows,
          summary: JSON.stringify(summary),
          spec: input.spec,
          report: result.report === null ? null : JSON.stringify(result.report),
          output: result.output,
        });
        record({
          action: 'anonymization.run',
          targetType: 'anonymization_job',
          targetId: id,
          departmentId: department,
          after: { status: result.status, summary },
          details: {
            name: input.name,
            dataset: input.datasetId ?? null,
            status: result.status,
            rowsIn: result.rows,
            rowsOut: summary.rows_out,
            k: summary.achieved?.k ?? null,
            l: summary.achieved?.l ?? null,
          },
        });
      });
      return get(actor, id);
    },

    async list(
      actor: Principal,
      filter: { dataset?: string; status?: AnonymizationJobStatus; limit?: number } = {},
    ): Promise<AnonymizationJob[]> {
      requirePermission(actor, 'privacy.anonymize');
      const rows = await listAnonymizationJobs(store.db, actor.departments, {
        dataset: filter.dataset,
        status: filter.status,
        limit: filter.limit ?? 200,
      });
      return rows.map(jobView);
    },

    get,

    /** The anonymised CSV of a job that succeeded; NotFoundError for a refused or failed one. */
    async output(actor: Principal, id: string): Promise<{ name: string; csv: string }> {
      requirePermission(actor, 'privacy.anonymize');
      const row = await findAnonymizationOutput(store.db, actor.departments, id);
      if (!row) throw new NotFoundError(`Anonymisation job '${id}' not found`);
      if (row.output === null) throw new NotFoundError(`Anonymisation job '${id}' published nothing`);
      return { name: row.name, csv: row.output };
    },
  };
}

export type AnonymizationsService = ReturnType<typeof createAnonymizationsService>;

/** At most `limit` tasks at once; the others start, in order, as running ones finish. */
function createSemaphore(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      running += 1;
      try {
        return await task();
      } finally {
        running -= 1;
        waiting.shift()?.();
      }
    },
  };
}
