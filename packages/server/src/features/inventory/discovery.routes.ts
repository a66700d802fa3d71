import {
  AssetCandidate,
  AssetDefinition,
  Asset,
  CandidateStatus,
  ConnectorName,
  DiscoveryMutation,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { DiscoveryService } from './discovery.service.ts';
import type { InventoryService } from './inventory.service.ts';

const IdParams = z.strictObject({ id: z.string().min(1).max(300) });

export function registerDiscoveryRoutes(
  app: HttpServer,
  deps: { discovery: DiscoveryService; inventory: InventoryService },
): void {
  const { discovery, inventory } = deps;

  app.post(
    '/api/inventory/connectors/:name/mutations',
    {
      schema: {
        tags: ['inventory'],
        summary: 'A discovery connector reports its assets: {type: full, assets} or {type: delta, added, removed}',
        params: z.strictObject({ name: ConnectorName }),
        body: DiscoveryMutation,
        response: {
          200: z.object({
            created: z.number(),
            updated: z.number(),
            removed: z.number(),
            refused: z.array(z.object({ id: z.string(), reason: z.string() })),
          }),
        },
      },
    },
    (request) => inventory.applyDiscovery(principalOf(request), request.params.name, request.body),
  );

  app.get(
    '/api/inventory/candidates',
    {
      schema: {
        tags: ['inventory'],
        summary: 'Unmanaged assets: identifiers seen in events that match no asset',
        querystring: z.strictObject({
          status: CandidateStatus.default('new'),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
        response: { 200: z.array(AssetCandidate) },
      },
    },
    (request) => discovery.list(principalOf(request), request.query.status, request.query.limit),
  );
  app.post(
    '/api/inventory/candidates/:id/adopt',
    {
      schema: {
        tags: ['inventory'],
        summary: 'Adopt a candidate into the inventory as a new asset',
        params: IdParams,
        body: AssetDefinition,
        response: { 201: Asset },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await discovery.adopt(principalOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/inventory/candidates/:id/ignore',
    {
      schema: {
        tags: ['inventory'],
        summary: 'Ignore a candidate (it stays listed under status=ignored)',
        params: IdParams,
        response: { 200: AssetCandidate },
      },
    },
    (request) => discovery.ignore(principalOf(request), request.params.id),
  );
}
