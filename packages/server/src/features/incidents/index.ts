export { createIncidentsFeature, type IncidentsFeature } from './incidents-feature.ts';
export { createIncidentsService, type IncidentsService } from './incidents.service.ts';
export { createTeamsService, type TeamsService } from './teams.service.ts';
export {
  createIncidentGrouping,
  DEFAULT_GROUPING_FILE,
  type IncidentGrouping,
  loadGroupingConfig,
} from './incident-grouping.ts';
export { registerIncidentsRoutes } from './incidents.routes.ts';
export { openIncidentCounts } from './incidents.repository.ts';
export { incidentBlockRequests } from './incident-blocklist.ts';
export { ExternalTimelineEntry } from './incident-work.ts';
export type { IncidentsDeps } from './incident-kit.ts';
export { createIncidentWatch, type IncidentWatch, INCIDENT_WATCH_PRINCIPAL } from './incident-watch.ts';
export { loadIncidentTemplates, DEFAULT_TEMPLATES_DIR } from './incident-templates.ts';
export { DEFAULT_EVIDENCE_MAX_BYTES } from './incident-evidence.ts';
export { teamRecipients } from './teams.repository.ts';
export { personalDataCatalogue } from './incident-breach.ts';
export type { IncidentAlertsTable, IncidentsTable } from './incident-tables.ts';
