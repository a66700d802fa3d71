import {
  type Alert,
  canSeeDepartment,
  type DatasetPlacement,
  hasPermission,
  type IncidentTemplate,
  type Notifier,
  SILENT_NOTIFIER,
  type ImpactAnswer,
  type IncidentBrief,
  type IncidentDetail,
  InputError,
  isDomainError,
  nextStatuses,
  NotAllowedError,
  type Principal,
  SYSTEM_PRINCIPAL,
  userPrincipal,
  type IncidentStatus,
} from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { UsersService } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { AlertsService } from '../detection/index.ts';
import type { CityModelCache, ImpactService } from '../inventory/index.ts';
import { type ChangeContext, visibleIncident } from './incident-changes.ts';
import { listComments, listObservables, listTasks } from './incident-parts.repository.ts';
import {
  type Names,
  toAlertLink,
  toComment,
  toEvidenceFile,
  toIncident,
  toObservable,
  toShare,
  toTask,
  toTimelineEntry,
} from './incident-view.ts';
import { alertCounts, type IncidentRow, listAlertLinks, listShares, listTimeline } from './incidents.repository.ts';
import { findTeam, listTeams } from './teams.repository.ts';
import { listEvidence } from './casework.repository.ts';
import { loadIncidentTemplates } from './incident-templates.ts';

/** What the incidents feature needs from the rest of the product, as one explicit object. */
export interface IncidentsDeps {
  store: Store;
  audit: AuditLog;
  bus: Bus;
  log: Logger;
  alerts: AlertsService;
  users: UsersService;
  impact: ImpactService;
  city: CityModelCache;
  /**
   * The stance policy's incident SLA factor for a scope ('city' or a department id). A function rather than
   * the stance service: the stance is built after this feature in `main.ts` (and will read its open-incident
   * counts), so it is looked up when an incident opens, not when the service is built.
   */
  slaFactor?: (scope: string) => number;
  /**
   * The personal and special-category datasets of the data catalogue with where they live, for the breach
   * clock. A function for the same reason as `slaFactor`; none given: no dataset is known.
   */
  personalData?: () => Promise<DatasetPlacement[]>;
  /** Incident types and what they pre-fill; default: `content/incidents/templates`. */
  templates?: readonly IncidentTemplate[];
  /** How news leaves the feature (SLA breaches to the team lead); default: none is sent. */
  notifier?: Notifier;
  /** Largest evidence file, bytes (CITYSOC_EVIDENCE_MAX_BYTES). */
  evidenceMaxBytes?: number;
  now?: () => Date;
}

/** The case view shows the latest alerts and timeline entries; the counts say how many there are. */
const MAX_DETAIL_ALERTS = 500;
/** A brief names people and teams by id: resolving names reads and opens every user's sealed fields. */
const UNRESOLVED_NAMES: Names = { user: (id) => id, team: (id) => id };
const MAX_DETAIL_TIMELINE = 2000;

/** Helpers shared by the incident use cases (cases, their work items, the grouping). */
export interface IncidentKit {
  readonly deps: IncidentsDeps;
  now(): Date;
  transact<T>(actor: Principal, work: (ctx: ChangeContext) => Promise<T>): Promise<T>;
  names(): Promise<Names>;
  detail(actor: Principal, id: string): Promise<IncidentDetail>;
  /** The incident with its first `alertLimit` alert links and its observables (see IncidentBrief). */
  brief(actor: Principal, id: string, alertLimit: number): Promise<IncidentBrief>;
  /** Announces a change on the bus (`incidents.changed`), for live views and the stance. */
  changed(id: string): Promise<void>;
  /** Refuses an assignee who does not exist, is disabled, or may not work incidents of the department. */
  requireAssignable(userId: string, departmentId: string | null): Promise<void>;
  requireTeam(actor: Principal, teamId: string, departmentId: string | null): Promise<void>;
  /** The alerts, each within the actor's departments (else NotFoundError), in the order asked. */
  loadAlerts(actor: Principal, ids: readonly string[]): Promise<Alert[]>;
  /** Marks linked alerts `escalated`; after the commit, so a failure here never undoes the case. */
  markEscalated(actor: Principal, alertIds: readonly string[]): Promise<void>;
  slaFactor(departmentId: string | null): number;
  /** The catalogue's personal datasets; empty (and logged) when the catalogue cannot be read. */
  personalData(): Promise<DatasetPlacement[]>;
  readonly notifier: Notifier;
  readonly templates: readonly IncidentTemplate[];
}

export function createIncidentKit(deps: IncidentsDeps): IncidentKit {
  const { store, audit, bus, log, users, alerts } = deps;
  const now = deps.now ?? (() => new Date());

  async function names(): Promise<Names> {
    const [userList, teams] = await Promise.all([
      users.list(SYSTEM_PRINCIPAL),
      listTeams(store.db, SYSTEM_PRINCIPAL.departments),
    ]);
    const userNames = new Map(userList.map((u) => [u.id, u.username]));
    const teamNames = new Map(teams.map((t) => [t.id, t.name]));
    return {
      user: (id) => (id === null ? null : (userNames.get(id) ?? id)),
      team: (id) => (id === null ? null : (teamNames.get(id) ?? id)),
    };
  }

  async function impactOf(actor: Principal, row: IncidentRow, assetIds: readonly string[]) {
    if (assetIds.length === 0 || !hasPermission(actor, 'inventory.read')) return null;
    const model = await deps.city.current();
    const known = assetIds.filter((id) => {
      const asset = model.assets.get(id);
      return asset !== undefined && canSeeDepartment(actor, asset.department);
    });
    if (known.length === 0) return null;
    try {
      return await deps.impact.whatIf(actor, { action: 'compromise', asset: known });
    } catch (error) {
      // The inventory changed between the two reads: show the case without the impact rather than fail it.
      if (isDomainError(error)) {
        log.warn({ err: error, incident: row.id }, 'impact of an incident could not be computed');
        return null;
      }
      throw error;
    }
  }

  return {
    deps,
    now,
    names,

    transact(actor, work) {
      return audit.transact(actor, (trx, record) => work({ trx, record, actor, at: now().toISOString() }));
    },

    async detail(actor, id) {
      const row = await visibleIncident(store.db, actor, id);
      const [count, links, tasks, comments, observables, timeline, resolved, evidence, shares] = await Promise.all([
        alertCounts(store.db, [row.id]),
        listAlertLinks(store.db, row.id, MAX_DETAIL_ALERTS),
        listTasks(store.db, row.id),
        listComments(store.db, row.id),
        listObservables(store.db, row.id),
        listTimeline(store.db, row.id, MAX_DETAIL_TIMELINE),
        names(),
        listEvidence(store.db, row.id),
        listShares(store.db, row.id),
      ]);
      const incident = toIncident(row, count.get(row.id) ?? 0, resolved, now());
      const impact: ImpactAnswer | null = await impactOf(actor, row, incident.assetIds);
      return {
        ...incident,
        sharedWith: shares.map(toShare),
        alerts: links.map(toAlertLink),
        tasks: tasks.map((t) => toTask(t, resolved)),
        comments: comments.map(toComment),
        observables: observables.map(toObservable),
        evidence: evidence.map(toEvidenceFile),
        timeline: timeline.map(toTimelineEntry),
        impact,
        nextStatuses: nextStatuses(row.status as IncidentStatus),
      };
    },

    async brief(actor, id, alertLimit) {
      const row = await visibleIncident(store.db, actor, id);
      const [count, links, observables] = await Promise.all([
        alertCounts(store.db, [row.id]),
        listAlertLinks(store.db, row.id, alertLimit),
        listObservables(store.db, row.id),
      ]);
      return {
        ...toIncident(row, count.get(row.id) ?? 0, UNRESOLVED_NAMES, now()),
        alerts: links.map(toAlertLink),
        observables: observables.map(toObservable),
      };
    },

    async changed(id) {
      await bus.publish('incidents.changed', { id });
    },

    async requireAssignable(userId, departmentId) {
      let user;
      try {
        user = await users.get(SYSTEM_PRINCIPAL, userId);
      } catch (error) {
        if (isDomainError(error)) throw new InputError(`User '${userId}' not found`);
        throw error;
      }
      const principal = userPrincipal(user);
      if (
        user.disabled ||
        !hasPermission(principal, 'incidents.manage') ||
        !canSeeDepartment(principal, departmentId)
      ) {
        const where = departmentId === null ? 'city-wide incidents' : `incidents of department '${departmentId}'`;
        throw new InputError(`User '${user.username}' cannot work ${where}`);
      }
    },

    async requireTeam(actor, teamId, departmentId) {
      const team = await findTeam(store.db, actor.departments, teamId);
      if (!team) throw new InputError(`Team '${teamId}' not found`);
      if (team.department_id !== null && team.department_id !== departmentId) {
        throw new InputError(`Team '${team.name}' belongs to another department`);
      }
    },

    async loadAlerts(actor, ids) {
      const unique = [...new Set(ids)];
      const loaded: Alert[] = [];
      for (const id of unique) loaded.push(await alerts.get(actor, id));
      return loaded;
    },

    async markEscalated(actor, alertIds) {
      for (const id of alertIds) {
        try {
          await alerts.setStatus(actor, id, 'escalated');
        } catch (error) {
          if (!(error instanceof NotAllowedError) && !isDomainError(error)) throw error;
          log.error({ err: error, alertId: id }, 'linked alert could not be marked escalated');
        }
      }
    },

    notifier: deps.notifier ?? SILENT_NOTIFIER,
    templates: deps.templates ?? loadIncidentTemplates(),

    async personalData() {
      if (!deps.personalData) return [];
      try {
        return await deps.personalData();
      } catch (error) {
        // The case must still open; the periodic check starts the clock once the catalogue answers again.
        log.error({ err: error }, 'data catalogue unavailable; personal-data breach clock not checked');
        return [];
      }
    },

    slaFactor(departmentId) {
      if (!deps.slaFactor) return 1;
      try {
        return deps.slaFactor(departmentId ?? 'city');
      } catch (error) {
        log.warn({ err: error }, 'stance SLA factor unavailable; using 1');
        return 1;
      }
    },
  };
}
