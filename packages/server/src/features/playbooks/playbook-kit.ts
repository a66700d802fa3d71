import {
  ALL_DEPARTMENTS,
  canSeeDepartment,
  type EffectiveStancePolicy,
  hasPermission,
  incidentContext,
  isDomainError,
  type Notifier,
  Permission,
  type Playbook,
  Playbook as PlaybookSchema,
  type PlaybookSubject,
  type Principal,
  SILENT_NOTIFIER,
  SYSTEM_PRINCIPAL,
  type TemplateContext,
  userPrincipal,
} from '@citysoc/core';
import { z } from 'zod';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { UsersService } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { AlertsService } from '../detection/index.ts';
import type { IncidentsService } from '../incidents/index.ts';
import type { CityModelCache, ImpactService } from '../inventory/index.ts';
import type { ResponseService } from '../response/index.ts';
import type { PlaybookCatalogue } from './playbook-catalogue.ts';
import type { RunRow } from './playbook-runs.repository.ts';

/** Alert links a trigger reads (rules and ATT&CK tags): the first ones name what the case is about. */
const SUBJECT_ALERTS = 50;

/** What the playbooks feature needs, as one explicit object. */
export interface PlaybooksDeps {
  store: Store;
  audit: AuditLog;
  bus: Bus;
  log: Logger;
  users: UsersService;
  alerts: AlertsService;
  incidents: IncidentsService;
  response: ResponseService;
  impact: ImpactService;
  city: CityModelCache;
  effectivePolicy: (scope: string) => EffectiveStancePolicy;
  catalogue: PlaybookCatalogue;
  notifier?: Notifier;
  /** Where `url_env` and `secret_env` are looked up (default: the process environment). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Webhook back-off (tests shorten it). */
  webhook?: { backoffMs?: number; maxBackoffMs?: number; timeoutMs?: number };
  now?: () => Date;
}

/**
 * Who automatic runs act as. It may work cases and read the city, nothing more: containment and blocking
 * always wait for a person, so an automatic run can never isolate an asset by itself.
 */
export const AUTOMATION_PRINCIPAL: Principal = {
  kind: 'system',
  id: 'playbooks',
  name: 'citysoc-playbooks',
  permissions: new Set<Permission>(['incidents.read', 'incidents.manage', 'inventory.read', 'alerts.read']),
  departments: ALL_DEPARTMENTS,
};

const StoredPrincipal = z.object({
  kind: z.enum(['user', 'token', 'system']),
  id: z.string(),
  name: z.string(),
  permissions: z.array(Permission),
  departments: z.union([
    z.object({ all: z.literal(true) }),
    z.object({ all: z.literal(false), ids: z.array(z.string()) }),
  ]),
});

export function storePrincipal(principal: Principal): string {
  return JSON.stringify({ ...principal, permissions: [...principal.permissions] });
}

const StoredContext = z.object({ incident: z.record(z.string(), z.unknown()) });

/** Helpers the runner and the service share. */
export function createPlaybookKit(deps: PlaybooksDeps) {
  const { log, incidents, users, alerts, city } = deps;
  const notifier = deps.notifier ?? SILENT_NOTIFIER;
  const now = deps.now ?? (() => new Date());
  const tagCache = new Map<string, readonly string[]>();

  /**
   * The starter as they are now: a person is looked up again (disabled or demoted since means their run can no
   * longer act for them); a token or the automation acts as recorded.
   */
  async function starterOf(run: RunRow): Promise<Principal> {
    const stored = StoredPrincipal.parse(JSON.parse(run.starter));
    if (stored.kind !== 'user') {
      return { ...stored, permissions: new Set(stored.permissions) };
    }
    const user = await users.get(SYSTEM_PRINCIPAL, stored.id);
    if (user.disabled) throw new Error(`${user.username} is disabled; the run cannot act in their name`);
    return userPrincipal(user);
  }

  function definitionOf(run: RunRow): Playbook {
    return PlaybookSchema.parse(JSON.parse(run.definition));
  }

  function incidentOf(run: RunRow): TemplateContext {
    return StoredContext.parse(JSON.parse(run.context)).incident as TemplateContext;
  }

  /**
   * Puts a line on the incident's timeline (kind `playbook`), in the name of whoever acted when they may write
   * on the case, else in the automation's name with theirs in the text. A failure to write is logged, not
   * thrown: the step has happened either way and its state is in the run.
   */
  async function timeline(actor: Principal, run: RunRow, text: string, data: Record<string, unknown>) {
    const own = hasPermission(actor, 'incidents.manage') && canSeeDepartment(actor, run.department_id);
    try {
      await incidents.addTimelineEntry(own ? actor : AUTOMATION_PRINCIPAL, run.incident_id, {
        kind: 'playbook',
        text: (own || actor.kind !== 'user' ? text : `${text} (${actor.name})`).slice(0, 2000),
        data: { runId: run.id, playbookId: run.playbook_id, ...data },
      });
    } catch (error) {
      log.error({ err: error, run: run.id, incident: run.incident_id }, 'playbook timeline entry not written');
    }
  }

  /** The incident as triggers and inputs read it. */
  async function subjectOf(actor: Principal, incidentId: string): Promise<PlaybookSubject> {
    const detail = await incidents.brief(actor, incidentId, SUBJECT_ALERTS);
    const model = await city.current();
    const alertTags: { ruleId: string; tags: readonly string[] }[] = [];
    for (const link of detail.alerts) {
      let tags = tagCache.get(link.alertId);
      if (tags === undefined) {
        try {
          tags = (await alerts.get(SYSTEM_PRINCIPAL, link.alertId)).rule.tags;
        } catch (error) {
          if (!isDomainError(error)) throw error;
          tags = []; // removed by retention: the link still names its rule
        }
        if (tagCache.size > 5000) tagCache.clear();
        tagCache.set(link.alertId, tags);
      }
      alertTags.push({ ruleId: link.ruleId, tags });
    }
    return {
      id: detail.id,
      ref: detail.ref,
      title: detail.title,
      severity: detail.severity,
      priority: detail.priority,
      status: detail.status,
      departmentId: detail.departmentId,
      // The incident templates add a type; read it without depending on their schema being there.
      type: 'type' in detail && typeof detail.type === 'string' ? detail.type : null,
      assets: detail.assetIds.map((id) => ({ id, type: model.assets.get(id)?.type ?? null })),
      serviceIds: detail.serviceIds,
      techniques: detail.techniques,
      observables: detail.observables.map((o) => ({ type: o.type, value: o.value })),
      alerts: alertTags,
    };
  }

  return { deps, notifier, now, starterOf, definitionOf, incidentOf, timeline, subjectOf, incidentContext };
}

export type PlaybookKit = ReturnType<typeof createPlaybookKit>;
