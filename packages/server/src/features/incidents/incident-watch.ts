import {
  type Incident,
  newlyBreachedClocks,
  nextBreachState,
  type NotificationRequest,
  personalDatasetsTouched,
  type Principal,
  type SlaTarget,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { applyBreachClock } from './incident-breach.ts';
import { recordIncidentChange } from './incident-changes.ts';
import { breachDatasetsOf, incidentLists, toIncident } from './incident-view.ts';
import type { IncidentsService } from './incidents.service.ts';
import {
  insertSlaBreach,
  markSlaBreachNotified,
  openIncidentRows,
  recordedSlaBreaches,
} from './casework.repository.ts';

/** Who the periodic check acts as, on the timeline and in the audit log. */
export const INCIDENT_WATCH_PRINCIPAL: Principal = {
  ...SYSTEM_PRINCIPAL,
  id: 'incident-watch',
  name: 'incident-watch',
};

const DEFAULT_EVERY_MS = 60_000;

export interface IncidentWatch {
  /** Checks now and then every minute. */
  start(): void;
  /** One pass: SLA clocks newly breached, notifications still owed, breach clocks of newly personal data. */
  check(): Promise<{ slaBreaches: number; notified: number; breachClocks: number }>;
  stop(): Promise<void>;
}

function minutesText(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${Math.round(minutes)} min`;
}

/** Who hears of a breach: the team's lead; the assignee; else whoever may work the department's incidents. */
function breachNotification(incident: Incident, target: SlaTarget): NotificationRequest {
  const clock = incident.sla.clocks.find((c) => c.target === target);
  const recipients =
    incident.teamId === null && incident.assigneeId === null
      ? { permission: 'incidents.manage' }
      : {
          ...(incident.teamId !== null && { teamLeadsOf: [incident.teamId] }),
          ...(incident.assigneeId !== null && { userIds: [incident.assigneeId] }),
        };
  return {
    kind: 'incident.sla_breached',
    severity: incident.severity,
    title: `${incident.ref} SLA breached: ${target}`,
    body:
      `${incident.ref} “${incident.title}” (${incident.severity}, ${incident.status}) passed its ${target} target` +
      (clock ? ` of ${minutesText(clock.targetMinutes)}` : '') +
      (incident.teamName ? `. Team: ${incident.teamName}` : '') +
      (incident.assigneeName ? `. Assignee: ${incident.assigneeName}` : '') +
      '.',
    departmentId: incident.departmentId,
    link: `/incidents/${incident.id}`,
    recipients,
    dedupeKey: `incident.sla_breached:${incident.id}:${target}`,
  };
}

/**
 * The periodic check of open incidents. Time alone breaches an SLA clock, so no change triggers it: every minute
 * it finds clocks past their target that no earlier pass recorded, records each once (timeline and audit, in
 * one transaction, so two nodes or two passes cannot both announce it) and then notifies. A notification the
 * notifier refused stays owed and is retried on the next pass. The same pass starts personal-data breach clocks
 * that a change of the data catalogue (not of the incident) made due.
 */
export function createIncidentWatch(deps: { incidents: IncidentsService; everyMs?: number }): IncidentWatch {
  const { kit } = deps.incidents;
  const { store, log } = kit.deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  async function notify(incident: Incident, target: SlaTarget): Promise<boolean> {
    try {
      await kit.notifier.notify(breachNotification(incident, target));
    } catch (error) {
      log.error({ err: error, incident: incident.id, target }, 'SLA breach notification failed; retried next check');
      return false;
    }
    await markSlaBreachNotified(store.db, incident.id, target, kit.now().toISOString());
    return true;
  }

  async function check() {
    const rows = await openIncidentRows(store.db);
    const now = kit.now();
    const [recorded, names, catalogue] = await Promise.all([
      recordedSlaBreaches(
        store.db,
        rows.map((r) => r.id),
      ),
      kit.names(),
      kit.personalData(),
    ]);
    let slaBreaches = 0;
    let notified = 0;
    let breachClocks = 0;
    for (const row of rows) {
      const incident = toIncident(row, 0, names, now);
      const known = recorded.get(row.id) ?? [];
      const owed = known.filter((b) => b.notified_at === null).map((b) => b.target as SlaTarget);
      const fresh = newlyBreachedClocks(incident.sla, new Set(known.map((b) => b.target as SlaTarget)));
      for (const target of fresh) {
        const clock = incident.sla.clocks.find((c) => c.target === target);
        const inserted = await kit.transact(INCIDENT_WATCH_PRINCIPAL, async (ctx) => {
          if (!(await insertSlaBreach(ctx.trx, row.id, target, ctx.at))) return false;
          await recordIncidentChange(ctx, row, {
            action: 'incident.sla_breached',
            kind: 'sla',
            text:
              `SLA breached: ${target}` +
              (clock ? ` (target ${minutesText(clock.targetMinutes)})` : '') +
              (incident.teamName ? `; telling the lead of ${incident.teamName}` : ''),
            data: { target, targetMinutes: clock?.targetMinutes ?? null, teamId: incident.teamId },
          });
          return true;
        });
        if (inserted) {
          slaBreaches++;
          owed.push(target);
          await kit.changed(row.id);
        }
      }
      for (const target of owed) if (await notify(incident, target)) notified++;

      const touched = personalDatasetsTouched(incidentLists(row), catalogue);
      if (nextBreachState({ datasets: breachDatasetsOf(row), clockStartedAt: row.breach_started_at }, touched)) {
        const changed = await kit.transact(INCIDENT_WATCH_PRINCIPAL, (ctx) => applyBreachClock(ctx, row.id, catalogue));
        if (changed) {
          breachClocks++;
          await kit.changed(row.id);
        }
      }
    }
    return { slaBreaches, notified, breachClocks };
  }

  function serialised() {
    const next = running.catch(() => undefined).then(check);
    running = next;
    return next;
  }

  return {
    start() {
      if (timer) return;
      const run = () =>
        void serialised().catch((error: unknown) => log.error({ err: error }, 'incident SLA check failed'));
      timer = setInterval(run, deps.everyMs ?? DEFAULT_EVERY_MS);
      timer.unref();
      run();
    },
    check: serialised,
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running.catch(() => undefined);
    },
  };
}
