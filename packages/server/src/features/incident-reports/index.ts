export {
  createIncidentReportsService,
  type IncidentReportsDeps,
  type IncidentReportsService,
  type ReportFile,
} from './incident-reports.service.ts';
export { createMonthlyReportService, type MonthlyReportService } from './monthly-report.service.ts';
export { registerIncidentReportsRoutes } from './incident-reports.routes.ts';
export { createIncidentReportsFeature, type IncidentReportsFeature } from './incident-reports-feature.ts';
