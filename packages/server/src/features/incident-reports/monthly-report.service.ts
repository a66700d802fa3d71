import {
  hasPermission,
  InputError,
  isDomainError,
  monthlyFigures,
  type MonthlyReport,
  MonthlyReportRequest,
  monthOf,
  monthRange,
  monthsEndingWith,
  MONTHLY_TREND_MONTHS,
  type Principal,
  requirePermission,
  STANCE_LEVEL_NAMES,
  type StanceLevel,
} from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { PostureService } from '../posture/index.ts';
import type { StanceService } from '../stance/index.ts';
import { monthlyReportHtml } from './monthly-report-html.ts';
import { monthlyReportPdf } from './monthly-report-pdf.ts';
import { reportIncidents } from './incident-reports.repository.ts';
import type { ReportFile } from './incident-reports.service.ts';
import { type NameSources, reportNames, techniqueName } from './report-names.ts';

export interface MonthlyReportDeps extends NameSources {
  store: Store;
  log: Logger;
  /** The posture score and stance level at the month's end are added when these are given. */
  posture?: Pick<PostureService, 'trend'>;
  stance?: Pick<StanceService, 'current'>;
  now?: () => Date;
}

const DAY_MS = 86_400_000;
/** The posture keeps hourly snapshots; the trend API reads at most this far back. */
const POSTURE_TREND_MAX_DAYS = 366;

/**
 * The CIO's monthly governance report: the month's incidents by severity, service and department, SLA
 * compliance, the MTTD/MTTR trend over six months and the top ATT&CK techniques, within the reader's
 * departments. Numbers are as they stood at the month's end (or now, for the current month), so a past
 * month's report says the same whenever it is generated.
 */
export function createMonthlyReportService(deps: MonthlyReportDeps) {
  const { store, log } = deps;
  const now = deps.now ?? (() => new Date());

  /** The city's last posture snapshot within the month, if the trend reaches back to it. */
  async function postureAt(actor: Principal, from: Date, to: Date): Promise<MonthlyReport['posture']> {
    if (!deps.posture || !hasPermission(actor, 'inventory.read')) return null;
    const days = Math.ceil((now().getTime() - from.getTime()) / DAY_MS) + 1;
    if (days > POSTURE_TREND_MAX_DAYS) return null;
    const points = await deps.posture.trend(actor, days);
    const inMonth = points.filter((p) => p.scope === 'city' && p.at >= from.toISOString() && p.at < to.toISOString());
    const last = inMonth.sort((a, b) => a.at.localeCompare(b.at)).at(-1);
    return last === undefined ? null : { score: last.score, at: last.at };
  }

  /** The city's stance level at the month's end, from the level's change history. */
  async function stanceAt(actor: Principal, to: Date): Promise<MonthlyReport['stance']> {
    if (!deps.stance || !hasPermission(actor, 'overview.read')) return null;
    const city = (await deps.stance.current(actor)).city;
    if (city === null) return null;
    const end = to.toISOString();
    // The history is most recent first: the last change before the end set the level; failing that, the
    // earliest change after the end says what it changed from.
    const before = city.history.find((c) => c.at < end);
    const oldest = city.history.at(-1);
    const level: StanceLevel | null =
      before !== undefined
        ? before.to
        : oldest !== undefined && oldest.from !== null
          ? oldest.from
          : city.changedAt < end
            ? city.level
            : null;
    return level === null ? null : { level, name: STANCE_LEVEL_NAMES[level] };
  }

  /** Optional parts never fail the report: it is produced without them, and the reason is logged. */
  async function optional<T>(what: string, read: () => Promise<T | null>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      log.warn({ err: error }, `monthly report: ${what} unavailable`);
      return null;
    }
  }

  async function monthly(actor: Principal, input: unknown): Promise<MonthlyReport> {
    requirePermission(actor, 'reports.read');
    const request = MonthlyReportRequest.parse(input);
    const current = now();
    const month = request.month ?? monthOf(current);
    const { from, to } = monthRange(month);
    if (from > current) throw new InputError(`${month} has not begun`);
    // Changes stamped at the first instant of the next month belong to that month.
    const asOf = new Date(Math.min(to.getTime() - 1, current.getTime()));
    const trendFrom = monthRange(monthsEndingWith(month, MONTHLY_TREND_MONTHS)[0] ?? month).from;
    const [rows, names, departments] = await Promise.all([
      reportIncidents(store.db, actor.departments, {
        createdBefore: to.toISOString(),
        createdFrom: trendFrom.toISOString(),
        openAt: from.toISOString(),
      }),
      reportNames(deps),
      deps.departments.list(actor),
    ]);
    const figures = monthlyFigures(rows, month, asOf, names);
    const techniques = await Promise.all(
      figures.techniques.map(async (t) => ({ ...t, name: t.id === null ? t.name : await techniqueName(deps, t.id) })),
    );
    const [posture, stance] = await Promise.all([
      optional('posture', () => postureAt(actor, from, to)),
      optional('stance', () => stanceAt(actor, to)),
    ]);
    return {
      ...figures,
      techniques,
      generatedAt: current.toISOString(),
      scope: actor.departments.all ? 'All departments' : departments.map((d) => d.name).join(', ') || 'No department',
      posture,
      stance,
    };
  }

  const filename = (report: MonthlyReport, extension: string) => `citysoc-monthly-report-${report.month}.${extension}`;

  return {
    monthly,

    async monthlyHtml(actor: Principal, input: unknown): Promise<ReportFile<string>> {
      const report = await monthly(actor, input);
      return { body: monthlyReportHtml(report, actor.name), filename: filename(report, 'html') };
    },

    async monthlyPdf(actor: Principal, input: unknown): Promise<ReportFile<Buffer>> {
      const report = await monthly(actor, input);
      return { body: await monthlyReportPdf(report, actor.name), filename: filename(report, 'pdf') };
    },
  };
}

export type MonthlyReportService = ReturnType<typeof createMonthlyReportService>;
