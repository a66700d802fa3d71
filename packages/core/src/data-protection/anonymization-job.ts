import { z } from 'zod';
import type { AnonymizationReport } from '../privacy/anonymization-report.ts';
import { DatasetId } from './dataset.ts';

/**
 * Anonymisation jobs run by the server (`POST /api/privacy/anonymizations`): the same anonymiser as
 * `citysoc privacy anonymize`, on a CSV sent with its spec, kept with its report and output for the data owner
 * to review and download. `succeeded`: published (the output meets the targets); `refused`: the targets cannot be
 * met within the suppression limit (the report says why, there is no output); `failed`: the run could not start
 * (invalid spec, a CSV without the spec's columns, no pseudonym key).
 */
export const AnonymizationJobStatus = z.enum(['succeeded', 'refused', 'failed']);
export type AnonymizationJobStatus = z.infer<typeof AnonymizationJobStatus>;

/** The largest spec accepted, as the CLI (the CSV itself is bounded by the server's body limit). */
export const MAX_ANONYMIZATION_SPEC_CHARS = 1024 * 1024;

export const AnonymizationJobInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** The CSV text, header line first. */
  csv: z.string().min(1),
  /** The anonymisation spec as YAML text (the format of `citysoc privacy anonymize --config`). */
  spec: z.string().min(1).max(MAX_ANONYMIZATION_SPEC_CHARS),
  /** The catalogue dataset the file is an extract of: the job belongs to its department. */
  datasetId: DatasetId.optional(),
});
export type AnonymizationJobInput = z.infer<typeof AnonymizationJobInput>;

/** What the job list shows of a report: targets against achieved values, and what it cost. */
export const AnonymizationSummary = z.object({
  rows_out: z.number().int().nullable(),
  targets: z.object({ k: z.number(), l: z.number(), max_suppression: z.number() }).nullable(),
  achieved: z.object({ k: z.number().nullable(), l: z.number().nullable() }).nullable(),
  suppressed_rows: z.number().int().nullable(),
  suppression_rate: z.number().nullable(),
  /** Iyengar's Loss Metric, 0 (none) to 1 (everything generalised away). */
  information_loss: z.number().nullable(),
  /** The privacy budget spent on differentially private aggregates; null when none were released. */
  epsilon: z.number().nullable(),
  delta: z.number().nullable(),
  /** Why the job was refused (the report's reason) or failed. */
  reason: z.string().nullable(),
});
export type AnonymizationSummary = z.infer<typeof AnonymizationSummary>;

export const AnonymizationJob = AnonymizationSummary.extend({
  id: z.string(),
  name: z.string(),
  dataset_id: z.string().nullable(),
  department_id: z.string().nullable(),
  requested_by: z.string(),
  created_at: z.string(),
  duration_ms: z.number(),
  status: AnonymizationJobStatus,
  rows_in: z.number().int(),
  has_output: z.boolean(),
});
export type AnonymizationJob = z.infer<typeof AnonymizationJob>;

/** One job with its spec and full report (the JSON `citysoc privacy anonymize --report` writes). */
export const AnonymizationJobDetail = AnonymizationJob.extend({
  spec: z.string(),
  report: z.record(z.string(), z.unknown()).nullable(),
});
export type AnonymizationJobDetail = z.infer<typeof AnonymizationJobDetail>;

/** The summary of a report; `failure` is the message of a run that could not produce one. */
export function summarizeAnonymization(report: AnonymizationReport | null, failure?: string): AnonymizationSummary {
  if (report === null)
    return {
      rows_out: null,
      targets: null,
      achieved: null,
      suppressed_rows: null,
      suppression_rate: null,
      information_loss: null,
      epsilon: null,
      delta: null,
      reason: failure ?? null,
    };
  return {
    rows_out: report.rows_out,
    targets: report.targets,
    achieved: report.achieved,
    suppressed_rows: report.suppressed_rows,
    suppression_rate: report.suppression_rate,
    information_loss: report.information_loss?.value ?? null,
    epsilon: report.privacy_budget?.epsilon ?? null,
    delta: report.privacy_budget?.delta ?? null,
    reason: report.refusal?.reason ?? null,
  };
}
