import {
  createIncidentReportsService,
  type IncidentReportsDeps,
  type IncidentReportsService,
} from './incident-reports.service.ts';
import {
  createMonthlyReportService,
  type MonthlyReportDeps,
  type MonthlyReportService,
} from './monthly-report.service.ts';

/** The feature's services as `main.ts` holds them. */
export interface IncidentReportsFeature {
  incidentReports: IncidentReportsService;
  monthlyReports: MonthlyReportService;
}

/** Builds the incident metrics and reports: the case report and lessons, and the monthly governance report. */
export function createIncidentReportsFeature(deps: IncidentReportsDeps & MonthlyReportDeps): IncidentReportsFeature {
  return { incidentReports: createIncidentReportsService(deps), monthlyReports: createMonthlyReportService(deps) };
}
