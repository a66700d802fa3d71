import {
  InputError,
  type IncidentDetail,
  NotFoundError,
  type Principal,
  requirePermission,
  ShareIncident,
} from '@citysoc/core';
import { recordIncidentChange, visibleIncident } from './incident-changes.ts';
import type { IncidentKit } from './incident-kit.ts';
import { deleteShare, insertShare, listShares, updateIncident } from './incidents.repository.ts';

/**
 * Sharing a case with another department. The cascade of an incident often crosses departments (the water
 * plant's outage stops the energy utility's pumping stations), and the other department's responders need the
 * case — its timeline, tasks, evidence and playbook runs — without the case becoming city-wide. A share is
 * made and removed by someone who may work the case, on its timeline and in the audit log.
 */
export function createIncidentShares(kit: IncidentKit) {
  const { store } = kit.deps;

  async function requireDepartment(id: string): Promise<void> {
    const found = await store.db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst();
    if (!found) throw new NotFoundError(`Department '${id}' not found`);
  }

  return {
    async share(actor: Principal, incidentId: string, input: unknown): Promise<IncidentDetail> {
      requirePermission(actor, 'incidents.manage');
      const request = ShareIncident.parse(input);
      await requireDepartment(request.departmentId);
      await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, incidentId);
        if (row.department_id === request.departmentId) {
          throw new InputError(`The incident already belongs to '${request.departmentId}'`);
        }
        if (row.department_id === null) throw new InputError('A city-wide incident is seen by every department');
        const shares = await listShares(ctx.trx, row.id);
        if (shares.some((s) => s.department_id === request.departmentId)) {
          throw new InputError(`The incident is already shared with '${request.departmentId}'`);
        }
        await insertShare(ctx.trx, {
          incident_id: row.id,
          department_id: request.departmentId,
          reason: request.reason,
          shared_by: actor.name,
          shared_at: ctx.at,
        });
        await updateIncident(ctx.trx, row.id, { updated_at: ctx.at });
        await recordIncidentChange(ctx, row, {
          action: 'incident.share',
          kind: 'share',
          text: `Shared with ${request.departmentId}${request.reason === '' ? '' : `: ${request.reason}`}`,
          data: { departmentId: request.departmentId },
        });
      });
      await kit.changed(incidentId);
      return kit.detail(actor, incidentId);
    },

    /** Ends a share; the department's people no longer see the case (the actor may be one of them). */
    async unshare(actor: Principal, incidentId: string, departmentId: string): Promise<IncidentDetail | null> {
      requirePermission(actor, 'incidents.manage');
      await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, incidentId);
        if (!(await deleteShare(ctx.trx, row.id, departmentId))) {
          throw new NotFoundError(`The incident is not shared with '${departmentId}'`);
        }
        await updateIncident(ctx.trx, row.id, { updated_at: ctx.at });
        await recordIncidentChange(ctx, row, {
          action: 'incident.unshare',
          kind: 'share',
          text: `No longer shared with ${departmentId}`,
          data: { departmentId },
        });
      });
      await kit.changed(incidentId);
      try {
        return await kit.detail(actor, incidentId);
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    },
  };
}
