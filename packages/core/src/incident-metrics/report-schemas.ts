import { z } from 'zod';
import { IncidentSeverity, IncidentStatus } from '../incidents/lifecycle.ts';
import { DurationStats, MetricsGroupBy, MetricsInterval, MetricsSummary } from './metrics.ts';

/** A day (`2026-03-01`, midnight UTC) or an instant with its offset. */
const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** `GET /api/incidents/metrics`: incidents opened in [from, to), grouped and over time. */
export const MetricsRequest = z.strictObject({
  /** Default: six months before `to`. */
  from: Instant.optional(),
  /** Default: now. */
  to: Instant.optional(),
  groupBy: MetricsGroupBy.optional(),
  interval: MetricsInterval.default('month'),
});
export type MetricsRequest = z.input<typeof MetricsRequest>;

/** The longest range one request may cover: enough for three years of weekly points. */
export const MAX_METRICS_RANGE_DAYS = 3 * 366;

export const LabelledSummary = z.object({ key: z.string().nullable(), label: z.string(), summary: MetricsSummary });
export type LabelledSummary = z.infer<typeof LabelledSummary>;

export const MetricsPeriodView = z.object({
  start: z.string(),
  end: z.string(),
  /** `2026-03` for a month, the Monday's date for a week. */
  label: z.string(),
  summary: MetricsSummary,
});
export type MetricsPeriodView = z.infer<typeof MetricsPeriodView>;

export const IncidentMetrics = z.object({
  from: z.string(),
  to: z.string(),
  /** The instant the case histories were read at (the earlier of `to` and now). */
  asOf: z.string(),
  interval: MetricsInterval,
  groupBy: MetricsGroupBy.nullable(),
  overall: MetricsSummary,
  groups: z.array(LabelledSummary),
  trend: z.array(MetricsPeriodView),
});
export type IncidentMetrics = z.infer<typeof IncidentMetrics>;

export const ReportMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

export const MonthlyReportRequest = z.strictObject({ month: ReportMonth.optional() });
export type MonthlyReportRequest = z.input<typeof MonthlyReportRequest>;

const Counted = z.object({ id: z.string().nullable(), name: z.string(), incidents: z.number().int() });

/** The CIO's monthly governance report (`GET /api/reports/monthly?month=YYYY-MM`). */
export const MonthlyReport = z.object({
  month: ReportMonth,
  from: z.string(),
  to: z.string(),
  /** Numbers are as they stood at this instant: the month's end, or now for the current month. */
  asOf: z.string(),
  generatedAt: z.string(),
  /** "All departments", or the names of the reader's departments. */
  scope: z.string(),
  /** Incidents opened in the month. */
  summary: MetricsSummary,
  activity: z.object({
    opened: z.number().int(),
    /** Cases whose status became closed during the month (opened then or earlier). */
    closed: z.number().int(),
    openAtStart: z.number().int(),
    openAtEnd: z.number().int(),
  }),
  bySeverity: z.array(z.object({ severity: IncidentSeverity, opened: z.number().int(), openAtEnd: z.number().int() })),
  byService: z.array(Counted.extend({ criticality: z.string().nullable() })),
  byDepartment: z.array(Counted),
  /** The ATT&CK techniques of the month's incidents, most frequent first (at most ten). */
  techniques: z.array(Counted),
  /** The month and the five before it, oldest first: MTTD and MTTR of the incidents opened in each. */
  trend: z.array(
    z.object({ month: ReportMonth, incidents: z.number().int(), mttd: DurationStats, mttr: DurationStats }),
  ),
  /** The month's incidents, most severe first (at most 100). */
  incidents: z.array(
    z.object({
      id: z.string(),
      ref: z.string(),
      title: z.string(),
      severity: IncidentSeverity,
      status: IncidentStatus,
      department: z.string(),
      openedAt: z.string(),
    }),
  ),
  /**
   * Incidents of the month that touched personal data (GDPR art. 33): whether the authority was notified
   * within 72 hours of the breach becoming known, late, or not (yet) by the month's end.
   */
  personalDataBreaches: z.object({
    total: z.number().int(),
    notifiedInTime: z.number().int(),
    notifiedLate: z.number().int(),
    notNotified: z.number().int(),
  }),
  /** The city's posture score at the month's end, when a snapshot of that month is kept. */
  posture: z.object({ score: z.number().nullable(), at: z.string() }).nullable(),
  /** The city's stance level at the month's end, when its history reaches back that far. */
  stance: z.object({ level: z.number().int(), name: z.string() }).nullable(),
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;

/** Lessons learned from a case (`GET`/`PUT /api/incidents/:id/lessons`). */
export const IncidentLessons = z.object({
  incidentId: z.string(),
  text: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type IncidentLessons = z.infer<typeof IncidentLessons>;

export const UpdateIncidentLessons = z.strictObject({ text: z.string().max(50_000) });
export type UpdateIncidentLessons = z.infer<typeof UpdateIncidentLessons>;
