import {
  Asset,
  AssetDefinition,
  AssetStatus,
  ImpactAnswer,
  ImpactRequest,
  ImportSummary,
  InputError,
  InventoryId,
  Service,
  ServiceDefinition,
  SupportedService,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { ImpactService } from './impact.service.ts';
import { formatInventory, parseInventoryDocument, readInventoryText, withLines } from './inventory-file.ts';
import type { InventoryService } from './inventory.service.ts';

const IdParams = z.strictObject({ id: InventoryId });
const AssetQuery = z.strictObject({
  department: z.string().max(64).optional(),
  type: z.string().max(32).optional(),
  status: AssetStatus.optional(),
});
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export function registerInventoryRoutes(
  app: HttpServer,
  deps: { inventory: InventoryService; impact: ImpactService },
): void {
  const { inventory, impact } = deps;
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get(
    '/api/services',
    {
      schema: {
        tags: ['inventory'],
        summary: 'City services in your departments',
        response: { 200: z.array(Service) },
      },
    },
    (request) => inventory.listServices(principalOf(request)),
  );
  app.get(
    '/api/services/:id',
    { schema: { tags: ['inventory'], params: IdParams, response: { 200: Service } } },
    (request) => inventory.getService(principalOf(request), request.params.id),
  );
  app.post(
    '/api/services',
    { schema: { tags: ['inventory'], body: ServiceDefinition, response: { 201: Service } } },
    async (request, reply) =>
      reply.status(201).send(await inventory.saveService(principalOf(request), request.body, 'create')),
  );
  app.put(
    '/api/services/:id',
    { schema: { tags: ['inventory'], params: IdParams, body: ServiceDefinition, response: { 200: Service } } },
    (request) => inventory.saveService(principalOf(request), sameId(request.params.id, request.body), 'replace'),
  );
  app.delete(
    '/api/services/:id',
    { schema: { tags: ['inventory'], params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await inventory.removeService(principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/assets',
    {
      schema: {
        tags: ['inventory'],
        summary: 'Assets in your departments',
        querystring: AssetQuery,
        response: { 200: z.array(Asset) },
      },
    },
    (request) => inventory.listAssets(principalOf(request), request.query),
  );
  app.get(
    '/api/assets/:id',
    { schema: { tags: ['inventory'], params: IdParams, response: { 200: Asset } } },
    (request) => inventory.getAsset(principalOf(request), request.params.id),
  );
  app.post(
    '/api/assets',
    { schema: { tags: ['inventory'], body: AssetDefinition, response: { 201: Asset } } },
    async (request, reply) =>
      reply.status(201).send(await inventory.saveAsset(principalOf(request), request.body, 'create')),
  );
  app.put(
    '/api/assets/:id',
    { schema: { tags: ['inventory'], params: IdParams, body: AssetDefinition, response: { 200: Asset } } },
    (request) => inventory.saveAsset(principalOf(request), sameId(request.params.id, request.body), 'replace'),
  );
  app.delete(
    '/api/assets/:id',
    { schema: { tags: ['inventory'], params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await inventory.removeAsset(principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  // POST /api/assets/:id/status is the response feature's: containment may need a second person's approval.
  app.get(
    '/api/assets/:id/services',
    {
      schema: {
        tags: ['inventory'],
        summary: 'The services this asset supports, directly or transitively',
        params: IdParams,
        response: { 200: z.array(SupportedService) },
      },
    },
    (request) => impact.servicesOf(principalOf(request), request.params.id),
  );

  app.post(
    '/api/inventory/import',
    {
      schema: {
        tags: ['inventory'],
        summary: 'Import an inventory file (YAML or JSON); all or nothing, problems named with their line',
        body: z.union([z.string(), z.record(z.string(), z.unknown())]),
        response: { 200: ImportSummary },
      },
    },
    async (request) => {
      const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      const file = readInventoryText(text);
      const document = parseInventoryDocument(file);
      try {
        return await inventory.importDocument(principalOf(request), document);
      } catch (error) {
        throw withLines(error, file);
      }
    },
  );
  app.get(
    '/api/inventory/export',
    {
      schema: {
        tags: ['inventory'],
        summary: 'Your part of the inventory in the import format',
        querystring: z.strictObject({ format: z.enum(['yaml', 'json']).default('yaml') }),
      },
    },
    async (request, reply) => {
      const document = await inventory.exportDocument(principalOf(request));
      const format = request.query.format;
      return reply
        .type(format === 'json' ? 'application/json' : 'application/yaml')
        .send(formatInventory(document, format));
    },
  );

  app.get(
    '/api/impact',
    {
      schema: {
        tags: ['inventory'],
        summary:
          'What-if: the services and residents affected if these assets were taken offline, isolated, compromised or restored',
        querystring: ImpactRequest,
        response: { 200: ImpactAnswer },
      },
    },
    (request) => impact.whatIf(principalOf(request), request.query),
  );
  app.get(
    '/api/impact/now',
    {
      schema: {
        tags: ['inventory'],
        summary: 'What the assets already unavailable (isolated, offline, silent) take down or degrade now',
        response: { 200: ImpactAnswer },
      },
    },
    (request) => impact.now(principalOf(request)),
  );
}

function sameId<T extends { id: string }>(id: string, body: T): T {
  if (body.id !== id) throw new InputError(`The body's id '${body.id}' differs from the URL's '${id}'`);
  return body;
}
