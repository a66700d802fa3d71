import { type IncidentsSummary, type Principal, requirePermission, severityRank } from '@citysoc/core';
import type { IncidentKit } from './incident-kit.ts';
import { toIncident } from './incident-view.ts';
import { listIncidents } from './incidents.repository.ts';

/** Figures about the incidents for other features' pages (the overview). */
export function createIncidentSummary(kit: IncidentKit) {
  const { store } = kit.deps;
  return {
    /** The overview's incidents card, within the actor's departments. */
    async summary(actor: Principal): Promise<IncidentsSummary> {
      requirePermission(actor, 'incidents.read');
      const rows = await listIncidents(store.db, actor.departments, { status: 'open', limit: 1000 });
      const names = await kit.names();
      const now = kit.now();
      const open = { critical: 0, high: 0, medium: 0, low: 0 };
      const breached: IncidentsSummary['breached'] = [];
      let due = 0;
      for (const row of rows) {
        const incident = toIncident(row, 0, names, now);
        open[incident.severity]++;
        if (incident.personalDataBreach !== null && incident.personalDataBreach.notifiedAt === null) due++;
        if (!incident.sla.breached) continue;
        const targets = incident.sla.clocks.filter((c) => c.breached).map((c) => c.target);
        breached.push({
          id: incident.id,
          ref: incident.ref,
          title: incident.title,
          severity: incident.severity,
          targets,
        });
      }
      breached.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
      return { open, slaBreached: breached.length, breached: breached.slice(0, 10), breachNotificationsDue: due };
    },
  };
}
