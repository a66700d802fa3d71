export { listRuleFiles, loadRuleDirectory, readEventsFile } from './sigma-files.loader.ts';
export { loadDetectionEngine } from './detection-rules.ts';
export { createDetectionService, type DetectionService } from './detection.service.ts';
export { createAlertsService, type AlertsService } from './alerts.service.ts';
export { registerAlertsRoutes } from './alerts.routes.ts';
export { createRulesService, type RulesService } from './rules.service.ts';
export { registerRulesRoutes } from './rules.routes.ts';
export type { EventDetector } from './detection.service.ts';
export { alertRow, type AlertedEvent } from './alert-rows.ts';
