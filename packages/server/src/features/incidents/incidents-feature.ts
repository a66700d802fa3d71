import type { GroupingConfig } from '@citysoc/core';
import { createIncidentGrouping, type IncidentGrouping, loadGroupingConfig } from './incident-grouping.ts';
import type { IncidentsDeps } from './incident-kit.ts';
import { createIncidentsService, type IncidentsService } from './incidents.service.ts';
import { createTeamsService, type TeamsService } from './teams.service.ts';
import { createIncidentWatch, type IncidentWatch } from './incident-watch.ts';

/** The feature's services as `main.ts` holds them. */
export interface IncidentsFeature {
  incidents: IncidentsService;
  teams: TeamsService;
  /** The automatic grouping consumer; `serve` starts it, the CLI never does. */
  grouping: IncidentGrouping;
  /** The periodic SLA-breach and breach-clock check; `serve` starts it. */
  watch: IncidentWatch;
}

/** Builds the incidents feature: cases, teams and the grouping (rules from `content/incidents/grouping.yml`). */
export function createIncidentsFeature(deps: IncidentsDeps & { grouping?: GroupingConfig }): IncidentsFeature {
  const incidents = createIncidentsService(deps);
  return {
    incidents,
    teams: createTeamsService(deps),
    grouping: createIncidentGrouping({ incidents, config: deps.grouping ?? loadGroupingConfig(), log: deps.log }),
    watch: createIncidentWatch({ incidents }),
  };
}
