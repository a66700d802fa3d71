import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type Alert,
  alertEntities,
  decideGrouping,
  type GroupingCandidate,
  type GroupingConfig,
  type GroupingEntityKind,
  groupingRuleFor,
  isDomainError,
  NotFoundError,
  parseGroupingConfig,
  type Principal,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { createBatchFollower } from '../../platform/batch-follower.ts';
import type { Logger } from '../../platform/log.ts';
import { applyBreachClock } from './incident-breach.ts';
import { linkAlerts } from './incident-changes.ts';
import { incidentRef } from './incident-view.ts';
import type { IncidentsService } from './incidents.service.ts';
import { openIncident } from './incidents.service.ts';
import {
  alertIdsAfter,
  findAlertLink,
  findIncident,
  openIncidentsSharing,
  readGroupingCheckpoint,
  writeGroupingCheckpoint,
} from './incidents.repository.ts';

export const DEFAULT_GROUPING_FILE = fileURLToPath(
  new URL('../../../../../content/incidents/grouping.yml', import.meta.url),
);
const CONSUMER = 'grouping';
const BATCH = 200;
const IDLE_POLL_MS = 2000;

/** Who the grouping acts as, on the timeline and in the audit log. */
export const GROUPING_PRINCIPAL: Principal = {
  ...SYSTEM_PRINCIPAL,
  id: 'incident-grouping',
  name: 'incident-grouping',
};

export function loadGroupingConfig(file: string = DEFAULT_GROUPING_FILE): GroupingConfig {
  return parseGroupingConfig(readFileSync(file, 'utf8'));
}

export interface IncidentGrouping {
  /** Follows new alerts: `alerts.raised` wakes it, a poll catches alerts committed by other processes. */
  start(): void;
  /** Processes every alert raised after the checkpoint, then resolves with how many it read. */
  catchUp(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Automatic grouping. Reads alerts in commit order from its checkpoint (the truth; the bus message is only a
 * wake-up) and, per the level's rule, attaches each to the open incident it shares an entity or city service
 * with, opens a new incident, or leaves it alone. Each attach or open commits together with the advanced
 * checkpoint, and an alert links to at most one incident, so a restart neither skips nor repeats an alert.
 * The alert is marked `escalated` just before that commit: if the commit fails, the next pass links it.
 */
export function createIncidentGrouping(deps: {
  incidents: IncidentsService;
  config: GroupingConfig;
  log: Logger;
}): IncidentGrouping {
  const { incidents, config, log } = deps;
  const { kit } = incidents;
  const { store, bus, alerts, city } = kit.deps;

  async function candidatesFor(alert: Alert, kinds: readonly GroupingEntityKind[]): Promise<GroupingCandidate[]> {
    const entities = alertEntities(alert.event).filter((e) => kinds.includes(e.kind));
    const rows = await openIncidentsSharing(store.db, entities);
    const byIncident = new Map<string, GroupingCandidate & { entities: GroupingCandidate['entities'][number][] }>();
    for (const row of rows) {
      const candidate = byIncident.get(row.id) ?? {
        id: row.id,
        ref: incidentRef(row.number),
        departmentId: row.department_id,
        entities: [],
      };
      candidate.entities.push({ kind: row.kind as GroupingEntityKind, value: row.value, lastSeen: row.last_seen });
      byIncident.set(row.id, candidate);
    }
    return [...byIncident.values()];
  }

  /** Decides for one alert and applies the decision; returns whether the checkpoint was written with it. */
  async function group(alert: Alert): Promise<boolean> {
    if (await findAlertLink(store.db, alert.id)) return false;
    const rule = groupingRuleFor(config, alert.level);
    const candidates = rule.attach ? await candidatesFor(alert, rule.entities) : [];
    const decision = decideGrouping(
      {
        level: alert.level,
        timestamp: alert.timestamp,
        departmentId: alert.departmentId,
        entities: alertEntities(alert.event),
      },
      candidates,
      rule,
    );
    if (decision.action === 'ignore') return false;
    const model = await city.current();
    const personalData = await kit.personalData();
    await kit.markEscalated(GROUPING_PRINCIPAL, [alert.id]);
    const incidentId = await kit.transact(GROUPING_PRINCIPAL, async (ctx) => {
      let id: string;
      if (decision.action === 'attach') {
        const row = await findIncident(ctx.trx, SYSTEM_PRINCIPAL.departments, decision.incidentId);
        if (!row) throw new NotFoundError(`Incident '${decision.incidentId}' not found`);
        await linkAlerts(ctx, row, [alert], { reason: decision.reason, kind: 'grouped', model });
        await applyBreachClock(ctx, row.id, personalData);
        id = row.id;
      } else {
        const row = await openIncident(
          kit,
          ctx,
          {
            title: alert.title,
            description: `Opened automatically from a ${rule.level} alert (rule ${alert.rule.id}).`,
            severity: rule.severity,
            priority: undefined,
            departmentId: alert.departmentId,
            assigneeId: null,
            teamId: null,
            assetIds: [],
            serviceIds: [],
            techniques: [],
            alerts: [alert],
            reason: decision.reason,
            kind: 'grouped',
            personalData,
          },
          model,
        );
        id = row.id;
      }
      await writeGroupingCheckpoint(ctx.trx, CONSUMER, alert.id, ctx.at);
      return id;
    });
    await kit.changed(incidentId);
    return true;
  }

  async function processBatch(): Promise<number> {
    const checkpoint = await readGroupingCheckpoint(store.db, CONSUMER);
    const ids = await alertIdsAfter(store.db, checkpoint, BATCH);
    let unsaved: string | null = null;
    for (const id of ids) {
      let alert: Alert;
      try {
        alert = await alerts.get(SYSTEM_PRINCIPAL, id);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        unsaved = id; // removed since (retention): nothing to group
        continue;
      }
      try {
        unsaved = (await group(alert)) ? null : id;
      } catch (error) {
        // A refusal (not a failure of the store) would refuse again on every retry: note it and move on.
        if (!isDomainError(error)) throw error;
        log.warn({ err: error, alertId: id }, 'incident grouping skipped an alert');
        unsaved = id;
      }
    }
    if (unsaved !== null) await writeGroupingCheckpoint(store.db, CONSUMER, unsaved, kit.now().toISOString());
    return ids.length;
  }

  return createBatchFollower({
    bus,
    wakeOn: 'alerts.raised',
    log,
    what: 'incident grouping',
    batchSize: BATCH,
    idlePollMs: IDLE_POLL_MS,
    processBatch,
  });
}
