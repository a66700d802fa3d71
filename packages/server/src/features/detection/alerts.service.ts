import {
  type Alert,
  type AlertCounts,
  type AlertListRequest,
  type AlertStatus,
  AlertCorrelation,
  AlertEventSummary,
  AlertRule,
  NotFoundError,
  type Principal,
  requirePermission,
} from '@citysoc/core';
import { z } from 'zod';
import type { Store } from '../../platform/db/database.ts';
import type { AuditLog } from '../audit/index.ts';
import { type AlertRow, countAlertsByStatus, findAlert, listAlerts, setAlertStatus } from './alerts.repository.ts';

/** What the `document` column holds: the parts of an Alert that are not columns of their own. */
const AlertDocument = z.object({ rule: AlertRule, event: AlertEventSummary, correlation: AlertCorrelation.optional() });

function toAlert(row: AlertRow): Alert {
  const document = AlertDocument.parse(JSON.parse(row.document));
  return {
    id: row.id,
    status: row.status as AlertStatus,
    level: row.level,
    title: row.title,
    timestamp: row.ts,
    createdAt: row.created_at,
    departmentId: row.department_id,
    eventId: row.event_id,
    rule: document.rule,
    event: document.event,
    ...(document.correlation && { correlation: document.correlation }),
    statusChangedAt: row.status_changed_at,
    statusChangedBy: row.status_changed_by,
  };
}

export interface AlertsService {
  list(actor: Principal, request: AlertListRequest): Promise<Alert[]>;
  get(actor: Principal, id: string): Promise<Alert>;
  setStatus(actor: Principal, id: string, status: AlertStatus): Promise<Alert>;
  countByStatus(actor: Principal): Promise<AlertCounts>;
}

export function createAlertsService(deps: { store: Store; audit: AuditLog; now?: () => Date }): AlertsService {
  const { store, audit } = deps;
  const now = deps.now ?? (() => new Date());

  async function get(actor: Principal, id: string, db = store.db): Promise<Alert> {
    requirePermission(actor, 'alerts.read');
    const row = await findAlert(db, actor.departments, id);
    if (!row) throw new NotFoundError(`Alert '${id}' not found`);
    return toAlert(row);
  }

  return {
    async list(actor, request) {
      requirePermission(actor, 'alerts.read');
      return (await listAlerts(store.db, actor.departments, request)).map(toAlert);
    },

    get: (actor, id) => get(actor, id),

    async setStatus(actor, id, status) {
      requirePermission(actor, 'alerts.triage');
      return audit.transact(actor, async (trx, record) => {
        const before = await get(actor, id, trx);
        if (before.status === status) return before;
        await setAlertStatus(trx, id, status, now().toISOString(), actor.name);
        const after = await get(actor, id, trx);
        record({
          action: `alert.${status === 'acknowledged' ? 'acknowledge' : status === 'closed' ? 'close' : status === 'escalated' ? 'escalate' : 'reopen'}`,
          targetType: 'alert',
          targetId: id,
          departmentId: after.departmentId,
          before,
          after,
          details: { name: after.title, from: before.status, to: after.status },
        });
        return after;
      });
    },

    async countByStatus(actor) {
      requirePermission(actor, 'alerts.read');
      const counts = await countAlertsByStatus(store.db, actor.departments);
      return {
        new: counts.new ?? 0,
        acknowledged: counts.acknowledged ?? 0,
        escalated: counts.escalated ?? 0,
        closed: counts.closed ?? 0,
      };
    },
  };
}
