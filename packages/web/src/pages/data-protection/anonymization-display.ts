import type { AnonymizationJob, AnonymizationJobStatus } from '@citysoc/core';
import { z } from 'zod';

/** Reading anonymisation jobs and their reports for display: plain strings for React to render as text. */

export const JOB_STATUS_TITLES: Readonly<Record<AnonymizationJobStatus, string>> = {
  succeeded: 'Published',
  refused: 'Refused',
  failed: 'Failed',
};

export const JOB_STATUS_CLASSES: Readonly<Record<AnonymizationJobStatus, string>> = {
  succeeded: 'badge badge-good',
  refused: 'badge badge-warn',
  failed: 'badge badge-bad',
};

/** The dashboard page of one job. */
export function anonymizationJobPath(id: string): string {
  return `/data-protection/anonymization/${encodeURIComponent(id)}`;
}

type Targets = Pick<AnonymizationJob, 'targets' | 'achieved'>;

/** "7 (target 5)" for k or l; an em dash when the job has no report, "not met" when the target was not reached. */
export function targetText(job: Targets, which: 'k' | 'l'): { text: string; met: boolean | null } {
  if (job.targets === null || job.achieved === null) return { text: '—', met: null };
  const target = job.targets[which];
  const achieved = job.achieved[which];
  if (achieved === null) return { text: `not met (target ${target})`, met: false };
  return { text: `${achieved} (target ${target})`, met: achieved >= target };
}

/** "12 rows (2.4 %, limit 5 %)". */
export function suppressionText(job: Pick<AnonymizationJob, 'suppressed_rows' | 'suppression_rate' | 'targets'>) {
  if (job.suppressed_rows === null || job.suppression_rate === null) return '—';
  const limit = job.targets === null ? '' : `, limit ${percent(job.targets.max_suppression)}`;
  return `${job.suppressed_rows} ${job.suppressed_rows === 1 ? 'row' : 'rows'} (${percent(job.suppression_rate)}${limit})`;
}

/** A share as a percentage with at most one decimal: 0.024 → "2.4 %". */
export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

/** Information loss (0 none … 1 all) with three decimals. */
export function lossText(loss: number | null): string {
  return loss === null ? '—' : loss.toFixed(3);
}

/** The privacy budget of released DP aggregates: "ε 0.5", "ε 0.5, δ 1e-6", or an em dash when none. */
export function epsilonText(job: Pick<AnonymizationJob, 'epsilon' | 'delta'>): string {
  if (job.epsilon === null) return '—';
  return job.delta === null || job.delta === 0 ? `ε ${job.epsilon}` : `ε ${job.epsilon}, δ ${job.delta}`;
}

/**
 * The parts of a report the job page shows in tables. Parsed from the report object loosely (unknown keys kept
 * out): the report is the CLI's JSON, and a field this page does not know must not break it.
 */
export const ReportDetails = z.object({
  algorithm: z.string().optional(),
  rows_in: z.number().optional(),
  malformed_rows: z.number().optional(),
  rejected_rows: z.number().optional(),
  rows_out: z.number().optional(),
  equivalence_classes: z.number().nullable().optional(),
  levels: z
    .record(z.string(), z.object({ level: z.number(), of: z.number(), rule: z.string() }))
    .nullable()
    .optional(),
  information_loss: z
    .object({
      value: z.number(),
      per_attribute: z.record(z.string(), z.number()),
      discernibility: z.number(),
      precision: z.number(),
    })
    .nullable()
    .optional(),
  direct_identifiers: z.record(z.string(), z.string()).optional(),
  other_columns: z.object({ handling: z.string(), columns: z.array(z.string()) }).optional(),
  problems: z.array(z.object({ line: z.number(), reason: z.string() })).optional(),
  refusal: z
    .object({
      reason: z.string(),
      unmet: z.array(z.string()),
      min_suppression_rate: z.number(),
      best_k: z.number(),
      best_l: z.number(),
    })
    .nullable()
    .optional(),
  aggregates: z
    .array(
      z.object({
        name: z.string(),
        measure: z.string(),
        mechanism: z.string(),
        epsilon: z.number(),
        groups: z.array(z.object({ group: z.record(z.string(), z.string()), value: z.number() })),
      }),
    )
    .optional(),
});
export type ReportDetails = z.infer<typeof ReportDetails>;

/** The report's details, or null when it has none or does not have the expected shape. */
export function reportDetails(report: Record<string, unknown> | null): ReportDetails | null {
  if (report === null) return null;
  const parsed = ReportDetails.safeParse(report);
  return parsed.success ? parsed.data : null;
}

/** One row per quasi-identifier: the level chosen of how many, its rule, and its information loss. */
export function levelRows(details: ReportDetails): { column: string; level: string; rule: string; loss: string }[] {
  return Object.entries(details.levels ?? {}).map(([column, level]) => ({
    column,
    level: `${level.level} of ${level.of}`,
    rule: level.rule,
    loss: lossText(details.information_loss?.per_attribute[column] ?? null),
  }));
}

/** "district=Inner, age=[20,40)" for a released group; "all rows" for an ungrouped aggregate. */
export function groupText(group: Record<string, string>): string {
  const parts = Object.entries(group).map(([column, value]) => `${column}=${value}`);
  return parts.length === 0 ? 'all rows' : parts.join(', ');
}

export const SPEC_EXAMPLE = `direct_identifiers: {name: drop, national_id: drop}
quasi_identifiers:
  age: {type: numeric, levels: [5, 10, 20, '*']}
  postcode: {type: prefix, levels: [4, 3, 2, 0]}
sensitive: [diagnosis]
k: 5
l: 2
max_suppression: 0.05
`;
