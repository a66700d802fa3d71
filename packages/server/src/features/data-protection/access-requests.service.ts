import {
  AccessDecisionInput,
  AccessRequestInput,
  AccessRequestStatus,
  AccessRequestView,
  checkRequestedFields,
  ConflictError,
  decideAccess,
  fieldsToGrant,
  GrantView,
  hasPermission,
  InputError,
  NotAllowedError,
  NotFoundError,
  needsAccessRequest,
  personalFieldsOf,
  type Principal,
  type PrivacyDecision,
  requirePermission,
} from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import { z } from 'zod';
import type { Store } from '../../platform/db/database.ts';
import type { AuditLog } from '../audit/index.ts';
import {
  type AccessRequestRow,
  findAccessRequest,
  findDataset,
  findGrant,
  type GrantRow,
  grantsOfSubject,
  insertAccessRequest,
  insertGrant,
  listAccessRequests,
  listGrants,
  updateAccessRequest,
  updateGrant,
} from './datasets.repository.ts';
import { type DatasetsService, storedDataset } from './datasets.service.ts';

const FieldNames = z.array(z.string());

function requestView(row: AccessRequestRow): AccessRequestView {
  const fields = FieldNames.parse(JSON.parse(row.fields));
  return AccessRequestView.parse({
    id: row.id,
    dataset: row.dataset_id,
    dataset_name: row.dataset_name,
    department: row.department_id,
    subject: row.subject,
    fields,
    personal_fields: personalFieldsOf(storedDataset({ document: row.dataset_document }).fields, fields),
    purpose: row.purpose,
    duration_seconds: Number(row.duration_seconds),
    requested_by: row.requested_by,
    requested_at: row.requested_at,
    status: AccessRequestStatus.parse(row.status),
    decided_by: row.decided_by,
    decided_at: row.decided_at,
    reason: row.reason,
    grant: row.grant_id,
  });
}

function grantView(row: GrantRow, at: string): GrantView {
  const state = row.revoked_at !== null ? 'revoked' : row.expires_at <= at ? 'expired' : 'active';
  return GrantView.parse({
    id: row.id,
    request: row.request_id,
    dataset: row.dataset_id,
    dataset_name: row.dataset_name,
    department: row.department_id,
    owner_id: row.owner_user_id,
    subject: row.subject,
    purpose: row.purpose,
    fields: FieldNames.parse(JSON.parse(row.fields)),
    granted_by: row.granted_by,
    granted_at: row.granted_at,
    expires_at: row.expires_at,
    revoked_at: row.revoked_at,
    revoked_by: row.revoked_by,
    revoke_reason: row.revoke_reason,
    state,
  });
}

/** Whether the actor decides on access to a dataset: its owner, or an administrator (`datasets.decide_any`). */
function mayDecide(actor: Principal, dataset: { owner_user_id: string }): boolean {
  if (hasPermission(actor, 'datasets.decide_any')) return true;
  return hasPermission(actor, 'datasets.decide') && actor.kind === 'user' && actor.id === dataset.owner_user_id;
}

function requireDecider(actor: Principal, dataset: { owner_user_id: string }): void {
  if (!mayDecide(actor, dataset)) throw new NotAllowedError("Only the dataset's owner or an administrator decides");
}

export const RequestListView = z.enum(['inbox', 'mine']);

/**
 * Access to non-public datasets: requests, the owner's decisions, grants and their revocation, all audited;
 * and the decision systems ask for before they use a dataset for a subject and purpose. Public datasets need
 * no request. Personal and special-category fields are granted only when the approver names them.
 */
export function createAccessService(deps: {
  store: Store;
  audit: AuditLog;
  datasets: DatasetsService;
  now?: () => Date;
}) {
  const { store, audit, datasets } = deps;
  const now = deps.now ?? (() => new Date());

  async function requestById(actor: Principal, id: string): Promise<AccessRequestRow> {
    const row = await findAccessRequest(store.db, actor.departments, id);
    if (!row) throw new NotFoundError(`Access request '${id}' not found`);
    return row;
  }

  async function grantById(actor: Principal, id: string): Promise<GrantRow> {
    const row = await findGrant(store.db, actor.departments, id);
    if (!row) throw new NotFoundError(`Grant '${id}' not found`);
    return row;
  }

  return {
    /** Asks for access on behalf of a subject. People ask; machines ask for decisions, not for access. */
    async request(actor: Principal, datasetId: string, input: AccessRequestInput): Promise<AccessRequestView> {
      requirePermission(actor, 'datasets.read');
      if (actor.kind === 'token') throw new NotAllowedError('Access is requested by a person, not an API token');
      const parsed = AccessRequestInput.parse(input);
      const row = await datasets.find(actor, datasetId);
      const dataset = storedDataset(row);
      if (!needsAccessRequest(dataset)) throw new InputError('Public datasets need no access request');
      const fields = checkRequestedFields(dataset.fields, parsed.fields);
      const id = timeOrderedUuid();
      await audit.transact(actor, async (trx, record) => {
        await insertAccessRequest(trx, {
          id,
          dataset_id: dataset.id,
          department_id: dataset.department,
          subject: parsed.subject,
          fields: JSON.stringify(fields),
          purpose: parsed.purpose,
          duration_seconds: parsed.duration,
          requested_by: actor.name,
          requested_by_id: actor.id,
          requested_at: now().toISOString(),
          status: 'pending',
          decided_by: null,
          decided_at: null,
          reason: null,
          grant_id: null,
        });
        record({
          action: 'access_request.create',
          targetType: 'dataset',
          targetId: dataset.id,
          departmentId: dataset.department,
          details: { request: id, subject: parsed.subject, fields, purpose: parsed.purpose },
        });
      });
      return requestView(await requestById(actor, id));
    },

    /**
     * `inbox`: the requests the actor decides (of the datasets they own; every dataset in scope for an
     * administrator). `mine`: the requests the actor made.
     */
    async list(
      actor: Principal,
      filter: {
        view?: z.infer<typeof RequestListView>;
        status?: AccessRequestStatus;
        dataset?: string;
        limit?: number;
      },
    ): Promise<AccessRequestView[]> {
      requirePermission(actor, 'datasets.read');
      const view = filter.view ?? 'inbox';
      const limit = filter.limit ?? 1000;
      const common = { status: filter.status, dataset: filter.dataset, limit };
      if (view === 'mine') {
        const rows = await listAccessRequests(store.db, actor.departments, { ...common, requestedById: actor.id });
        return rows.map(requestView);
      }
      if (hasPermission(actor, 'datasets.decide_any'))
        return (await listAccessRequests(store.db, actor.departments, common)).map(requestView);
      if (!hasPermission(actor, 'datasets.decide')) return [];
      const rows = await listAccessRequests(store.db, actor.departments, { ...common, ownerId: actor.id });
      return rows.map(requestView);
    },

    get: async (actor: Principal, id: string): Promise<AccessRequestView> => {
      requirePermission(actor, 'datasets.read');
      return requestView(await requestById(actor, id));
    },

    /** Approves (creating a grant until now + the requested duration) or denies a pending request, with a reason. */
    async decide(
      actor: Principal,
      id: string,
      input: AccessDecisionInput,
    ): Promise<{ request: AccessRequestView; grant: GrantView | null }> {
      requirePermission(actor, 'datasets.read');
      const parsed = AccessDecisionInput.parse(input);
      const at = now();
      const stamp = at.toISOString();
      const grantId = await audit.transact(actor, async (trx, record) => {
        const row = await findAccessRequest(trx, actor.departments, id);
        if (!row) throw new NotFoundError(`Access request '${id}' not found`);
        requireDecider(actor, row);
        if (row.status !== 'pending') throw new ConflictError(`The request was already ${row.status}`);
        const dataset = await findDataset(trx, actor.departments, row.dataset_id);
        if (!dataset) throw new NotFoundError(`Access request '${id}' not found`);
        const requested = FieldNames.parse(JSON.parse(row.fields));
        let granted: string | null = null;
        if (parsed.decision === 'approve') {
          const fields = fieldsToGrant(storedDataset(dataset).fields, requested, parsed.fields);
          granted = timeOrderedUuid();
          const expires = new Date(at.getTime() + Number(row.duration_seconds) * 1000).toISOString();
          await insertGrant(trx, {
            id: granted,
            request_id: id,
            dataset_id: row.dataset_id,
            department_id: row.department_id,
            subject: row.subject,
            purpose: row.purpose,
            fields: JSON.stringify(fields),
            granted_by: actor.name,
            granted_at: stamp,
            expires_at: expires,
            revoked_at: null,
            revoked_by: null,
            revoke_reason: null,
          });
          record({
            action: 'dataset_grant.create',
            targetType: 'dataset',
            targetId: row.dataset_id,
            departmentId: row.department_id,
            details: { grant: granted, request: id, subject: row.subject, fields, expires_at: expires },
          });
        }
        await updateAccessRequest(trx, id, {
          status: parsed.decision === 'approve' ? 'approved' : 'denied',
          decided_by: actor.name,
          decided_at: stamp,
          reason: parsed.reason,
          grant_id: granted,
        });
        record({
          action: `access_request.${parsed.decision === 'approve' ? 'approve' : 'deny'}`,
          targetType: 'dataset',
          targetId: row.dataset_id,
          departmentId: row.department_id,
          details: { request: id, subject: row.subject, reason: parsed.reason },
        });
        return granted;
      });
      return {
        request: requestView(await requestById(actor, id)),
        grant: grantId === null ? null : grantView(await grantById(actor, grantId), stamp),
      };
    },

    async grants(
      actor: Principal,
      filter: { dataset?: string; subject?: string; active?: boolean; limit?: number } = {},
    ): Promise<GrantView[]> {
      requirePermission(actor, 'datasets.read');
      const at = now().toISOString();
      const rows = await listGrants(store.db, actor.departments, {
        dataset: filter.dataset,
        subject: filter.subject,
        activeAt: filter.active ? at : undefined,
        limit: filter.limit ?? 1000,
      });
      return rows.map((row) => grantView(row, at));
    },

    async revoke(actor: Principal, id: string, reason: string): Promise<GrantView> {
      requirePermission(actor, 'datasets.read');
      const stamp = now().toISOString();
      await audit.transact(actor, async (trx, record) => {
        const row = await findGrant(trx, actor.departments, id);
        if (!row) throw new NotFoundError(`Grant '${id}' not found`);
        requireDecider(actor, row);
        if (row.revoked_at !== null) throw new ConflictError('The grant was already revoked');
        await updateGrant(trx, id, { revoked_at: stamp, revoked_by: actor.name, revoke_reason: reason });
        record({
          action: 'dataset_grant.revoke',
          targetType: 'dataset',
          targetId: row.dataset_id,
          departmentId: row.department_id,
          details: { grant: id, subject: row.subject, reason },
        });
      });
      return grantView(await grantById(actor, id), stamp);
    },

    /**
     * The decision API: may `subject` use `dataset` for `purpose` (and, when asked, these fields)? Two indexed
     * lookups (the dataset by id, the subject's grants on it). A dataset outside the caller's departments is
     * answered like an unknown one. Not audited: it changes nothing, and systems ask often.
     */
    async decision(
      actor: Principal,
      ask: { subject: string; dataset: string; purpose: string; fields?: readonly string[] },
    ): Promise<PrivacyDecision> {
      requirePermission(actor, 'privacy.decide');
      const row = await findDataset(store.db, actor.departments, ask.dataset);
      if (!row) return { allow: false, grant: null, reason: 'unknown dataset' };
      if (row.classification === 'public') return { allow: true, grant: null, reason: 'public dataset' };
      const grants = await grantsOfSubject(store.db, ask.subject, ask.dataset);
      return decideAccess(
        grants.map((g) => ({ ...g, fields: FieldNames.parse(JSON.parse(g.fields)) })),
        ask,
        now().toISOString(),
      );
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
