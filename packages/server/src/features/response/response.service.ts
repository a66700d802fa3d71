import {
  type Asset,
  type AssetStatus,
  type EffectiveStancePolicy,
  hasPermission,
  ImpactAnswer,
  InputError,
  NotAllowedError,
  NotFoundError,
  type Principal,
  requirePermission,
  type ResponseAction,
} from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import { z } from 'zod';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { ResponseApprovalsTable } from '../../platform/db/schema.ts';
import type { AuditLog } from '../audit/index.ts';
import type { ImpactService, InventoryService } from '../inventory/index.ts';
import {
  expireApprovals,
  findApproval,
  insertApproval,
  listApprovals,
  settleApproval,
} from './response-approvals.repository.ts';

/** A pending approval lapses after this: the situation it was judged in has moved on. */
const APPROVAL_TTL_MS = 24 * 3600_000;

export const ApprovalState = z.enum(['pending', 'approved', 'denied', 'expired', 'withdrawn']);

export const ResponseApproval = z.object({
  id: z.string(),
  action: z.string(),
  asset_id: z.string(),
  department: z.string(),
  target_status: z.string(),
  reason: z.string(),
  stance_level: z.number(),
  impact: ImpactAnswer,
  requested_by: z.string(),
  requested_at: z.string(),
  state: ApprovalState,
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  decision_reason: z.string().nullable(),
});
export type ResponseApproval = z.infer<typeof ResponseApproval>;

export const ApprovalDecision = z.strictObject({
  approve: z.boolean(),
  reason: z.string().trim().min(1).max(2000),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export type StatusChangeOutcome =
  | { readonly kind: 'applied'; readonly asset: Asset }
  | { readonly kind: 'pending'; readonly approval: ResponseApproval };

/**
 * Which response action an asset status change is. Taking an asset offline is powering a device off or stopping
 * what runs on it; isolating cuts it from the network. Restoring is never gated: undoing containment must not wait.
 */
export function responseActionOf(status: AssetStatus): ResponseAction | null {
  if (status === 'isolated') return 'isolate';
  if (status === 'offline') return 'shutdown_device';
  return null;
}

const toView = (row: ResponseApprovalsTable): ResponseApproval =>
  ResponseApproval.parse({
    ...row,
    department: row.department_id,
    impact: JSON.parse(row.impact) as unknown,
  });

/**
 * Containment with a second pair of eyes. A status change that the security stance's policies list under
 * `approval_required_for` (content/stance) is not applied: it becomes a pending approval carrying the cascade
 * impact on city services the requester saw, and another person with `assets.contain` in the department approves
 * (then it is applied, in their name and the requester's) or denies it with a reason. Every step is audited.
 */
export function createResponseService(deps: {
  store: Store;
  audit: AuditLog;
  inventory: InventoryService;
  impact: ImpactService;
  effectivePolicy: (department: string) => EffectiveStancePolicy;
  /**
   * Hears `response.decided` ({id, state}) after each decision, withdrawal and expiry: playbook steps waiting on
   * it resume.
   */
  bus?: Bus;
  now?: () => Date;
}) {
  const { store, audit, inventory, impact } = deps;
  const now = deps.now ?? (() => new Date());

  const expireOld = async (): Promise<number> => {
    const at = now();
    const expired = await expireApprovals(
      store.db,
      new Date(at.getTime() - APPROVAL_TTL_MS).toISOString(),
      at.toISOString(),
    );
    for (const id of expired) await deps.bus?.publish('response.decided', { id, state: 'expired' });
    return expired.length;
  };

  return {
    /** Applies the change at once, or records it for approval when the stance in force asks for one. */
    async changeAssetStatus(
      actor: Principal,
      assetId: string,
      status: AssetStatus,
      reason: string,
    ): Promise<StatusChangeOutcome> {
      requirePermission(actor, 'assets.contain');
      const asset = await inventory.getAsset(actor, assetId);
      const action = responseActionOf(status);
      const policy = deps.effectivePolicy(asset.department);
      if (action === null || !policy.approval_required_for.includes(action) || asset.status === status) {
        return { kind: 'applied', asset: await inventory.setAssetStatus(actor, assetId, status, reason) };
      }
      const answer = await impact.whatIf(actor, {
        asset: [assetId],
        action: status === 'isolated' ? 'isolate' : 'offline',
      });
      const row: ResponseApprovalsTable = {
        id: timeOrderedUuid(),
        action,
        asset_id: assetId,
        department_id: asset.department,
        target_status: status,
        reason,
        stance_level: policy.level,
        impact: JSON.stringify(answer),
        requested_by: actor.name,
        requested_by_id: actor.id,
        requested_at: now().toISOString(),
        state: 'pending',
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      };
      await audit.transact(actor, async (trx, record) => {
        await insertApproval(trx, row);
        record({
          action: 'response.request',
          targetType: 'asset',
          targetId: assetId,
          departmentId: asset.department,
          details: { approval: row.id, action, status, reason, stanceLevel: policy.level },
        });
      });
      return { kind: 'pending', approval: toView(row) };
    },

    /** Expires requests nobody decided within 24 hours; returns how many (a city-wide job runs it). */
    expireStale: expireOld,

    /**
     * Withdraws a pending request without acting on it: its requester, or someone who may contain or manage
     * incidents in its department (a playbook run cancelled while its containment waited). Not acting needs no
     * second person, so the two-person rule does not apply; a withdrawn request can no longer be approved.
     */
    async withdraw(actor: Principal, id: string, reason: string): Promise<ResponseApproval> {
      const row = await findApproval(store.db, actor.departments, id);
      if (!row) throw new NotFoundError(`Approval '${id}' not found`);
      if (row.requested_by_id !== actor.id && !hasPermission(actor, 'incidents.manage')) {
        requirePermission(actor, 'assets.contain');
      }
      if (row.state !== 'pending') throw new InputError(`This approval is already ${row.state}`);
      const settled = {
        state: 'withdrawn',
        decided_by: actor.name,
        decided_at: now().toISOString(),
        decision_reason: reason,
      };
      await audit.transact(actor, async (trx, record) => {
        if (!(await settleApproval(trx, id, settled))) throw new InputError('This approval was decided meanwhile');
        record({
          action: 'response.withdraw',
          targetType: 'asset',
          targetId: row.asset_id,
          departmentId: row.department_id,
          details: { approval: id, action: row.action, requestedBy: row.requested_by, reason },
        });
      });
      await deps.bus?.publish('response.decided', { id, state: settled.state });
      return toView({ ...row, ...settled });
    },

    async list(actor: Principal, filter: { state?: string; limit?: number } = {}): Promise<ResponseApproval[]> {
      requirePermission(actor, 'assets.contain');
      await expireOld();
      const rows = await listApprovals(store.db, actor.departments, { ...filter, limit: filter.limit ?? 200 });
      return rows.map(toView);
    },

    /**
     * Approves (and applies) or denies a pending change. Two-person rule: the requester cannot decide their own
     * request, and only a person decides (an API token is a script, not a second person).
     */
    async decide(actor: Principal, id: string, decision: ApprovalDecision): Promise<ResponseApproval> {
      requirePermission(actor, 'assets.contain');
      const parsed = ApprovalDecision.parse(decision);
      await expireOld();
      const row = await findApproval(store.db, actor.departments, id);
      if (!row) throw new NotFoundError(`Approval '${id}' not found`);
      if (actor.kind !== 'user') throw new NotAllowedError('Only a person can approve a response action');
      if (row.requested_by_id === actor.id)
        throw new NotAllowedError('A second person must decide: you asked for this action');
      if (row.state !== 'pending') throw new InputError(`This approval is already ${row.state}`);
      const settled = {
        state: parsed.approve ? 'approved' : 'denied',
        decided_by: actor.name,
        decided_at: now().toISOString(),
        decision_reason: parsed.reason,
      };
      await audit.transact(actor, async (trx, record) => {
        if (!(await settleApproval(trx, id, settled))) throw new InputError('This approval was decided meanwhile');
        record({
          action: parsed.approve ? 'response.approve' : 'response.deny',
          targetType: 'asset',
          targetId: row.asset_id,
          departmentId: row.department_id,
          details: { approval: id, action: row.action, requestedBy: row.requested_by, reason: parsed.reason },
        });
      });
      if (parsed.approve) {
        await inventory.setAssetStatus(
          actor,
          row.asset_id,
          row.target_status as AssetStatus,
          `${row.reason} (requested by ${row.requested_by}, approved by ${actor.name}: ${parsed.reason})`,
        );
      }
      await deps.bus?.publish('response.decided', { id, state: settled.state });
      return toView({ ...row, ...settled });
    },
  };
}

export type ResponseService = ReturnType<typeof createResponseService>;
