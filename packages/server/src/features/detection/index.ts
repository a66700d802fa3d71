export { listRuleFiles, loadRuleDirectory, readEventsFile } from './sigma-files.loader.ts';
export { loadDetectionEngine } from './detection-rules.ts';
export { createDetectionService, type DetectionService } from './detection.service.ts';
export { createAlertsService, type AlertsService } from './alerts.service.ts';
export { registerAlertsRoutes } from './alerts.routes.ts';
