import { Asset, AssetStatus, InventoryId } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import { ApprovalDecision, ApprovalState, ResponseApproval, type ResponseService } from './response.service.ts';

const StatusChange = z.strictObject({ status: AssetStatus, reason: z.string().trim().min(1).max(2000) });
const AssetParams = z.strictObject({ id: InventoryId });
const IdParams = z.strictObject({ id: z.string().min(1).max(128) });
const WithdrawRequest = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export function registerResponseRoutes(app: HttpServer, deps: { response: ResponseService }): void {
  const { response } = deps;

  app.post(
    '/api/assets/:id/status',
    {
      schema: {
        tags: ['inventory', 'response'],
        summary:
          'Isolate, take offline or restore an asset (audited with the reason); 202 with a pending approval when ' +
          'the security stance requires a second person for the action',
        params: AssetParams,
        body: StatusChange,
        response: { 200: Asset, 202: z.object({ approval: ResponseApproval }) },
      },
    },
    async (request, reply) => {
      const outcome = await response.changeAssetStatus(
        principalOf(request),
        request.params.id,
        request.body.status,
        request.body.reason,
      );
      return outcome.kind === 'applied'
        ? reply.send(outcome.asset)
        : reply.status(202).send({ approval: outcome.approval });
    },
  );

  app.get(
    '/api/response/approvals',
    {
      schema: {
        tags: ['response'],
        summary: 'Response actions waiting for (or decided by) a second person, in your departments',
        querystring: z.strictObject({
          state: ApprovalState.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
        response: { 200: z.array(ResponseApproval) },
      },
    },
    (request) => response.list(principalOf(request), request.query),
  );

  app.post(
    '/api/response/approvals/:id/decision',
    {
      schema: {
        tags: ['response'],
        summary: 'Approve (and apply) or deny a pending response action; not your own request',
        params: IdParams,
        body: ApprovalDecision,
        response: { 200: ResponseApproval },
      },
    },
    (request) => response.decide(principalOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/response/approvals/:id/withdraw',
    {
      schema: {
        tags: ['response'],
        summary: 'Withdraw a pending response action without applying it (its requester, or an incident manager)',
        params: IdParams,
        body: WithdrawRequest,
        response: { 200: ResponseApproval },
      },
    },
    (request) => response.withdraw(principalOf(request), request.params.id, request.body.reason),
  );
}
