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
