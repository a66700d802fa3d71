import {
  AccessDecisionInput,
  AccessPurpose,
  AccessRequestInput,
  AccessRequestStatus,
  AccessRequestView,
  AccessSubject,
  Classification,
  DatasetId,
  DatasetInput,
  DatasetView,
  GrantRevocation,
  GrantView,
  PrivacyDecision,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import { type AccessService, RequestListView } from './access-requests.service.ts';
import type { DatasetsService } from './datasets.service.ts';

const DatasetParams = z.strictObject({ id: DatasetId });
const UuidParams = z.strictObject({ id: z.string().min(1).max(64) });
const Limit = z.coerce.number().int().min(1).max(10_000).default(1000);
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const DataOwnerView = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  departments: z.array(z.string()),
});

/** The data catalogue (`/api/datasets`), access requests, grants and the decision API. */
export function registerDatasetsRoutes(
  app: HttpServer,
  deps: { datasets: DatasetsService; access: AccessService },
): void {
  const { datasets, access } = deps;

  app.get(
    '/api/datasets',
    {
      schema: {
        tags: ['data-protection'],
        summary: "Your departments' datasets: owner, classification, where stored, legal basis, objectives",
        querystring: z.strictObject({
          department: z.string().max(64).optional(),
          classification: Classification.optional(),
          owned: Flag.optional(),
        }),
        response: { 200: z.array(DatasetView) },
      },
    },
    (request) => datasets.list(principalOf(request), request.query),
  );
  app.get(
    '/api/datasets/owners',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'The data owners who may own datasets in your departments',
        response: { 200: z.array(DataOwnerView) },
      },
    },
    (request) => datasets.owners(principalOf(request)),
  );
  app.get(
    '/api/datasets/export',
    { schema: { tags: ['data-protection'], summary: 'Your part of the data catalogue as a YAML catalogue file' } },
    async (request, reply) => reply.type('application/yaml').send(await datasets.exportYaml(principalOf(request))),
  );
  app.post(
    '/api/datasets/import',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'Create or update datasets from a YAML catalogue file (all or nothing; errors name their lines)',
        querystring: z.strictObject({ name: z.string().max(200).default('catalogue.yml') }),
        body: z.union([z.string().max(5_000_000), z.strictObject({ yaml: z.string().max(5_000_000) })]),
      },
    },
    (request) => {
      const text = typeof request.body === 'string' ? request.body : request.body.yaml;
      return datasets.importYaml(principalOf(request), { name: request.query.name, text });
    },
  );
  app.get(
    '/api/datasets/:id',
    { schema: { tags: ['data-protection'], params: DatasetParams, response: { 200: DatasetView } } },
    (request) => datasets.get(principalOf(request), request.params.id),
  );
  app.post(
    '/api/datasets',
    { schema: { tags: ['data-protection'], body: DatasetInput, response: { 201: DatasetView } } },
    async (request, reply) => reply.status(201).send(await datasets.create(principalOf(request), request.body)),
  );
  app.put(
    '/api/datasets/:id',
    {
      schema: { tags: ['data-protection'], params: DatasetParams, body: DatasetInput, response: { 200: DatasetView } },
    },
    (request) => datasets.update(principalOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/datasets/:id',
    { schema: { tags: ['data-protection'], params: DatasetParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await datasets.remove(principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/datasets/:id/access-requests',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'Ask for access to a non-public dataset: subject, fields, purpose, duration',
        params: DatasetParams,
        body: AccessRequestInput,
        response: { 201: AccessRequestView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await access.request(principalOf(request), request.params.id, request.body)),
  );
  app.get(
    '/api/access-requests',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'Requests you decide (view=inbox, the default) or made (view=mine)',
        querystring: z.strictObject({
          view: RequestListView.optional(),
          status: AccessRequestStatus.optional(),
          dataset: DatasetId.optional(),
          limit: Limit,
        }),
        response: { 200: z.array(AccessRequestView) },
      },
    },
    (request) => access.list(principalOf(request), request.query),
  );
  app.get(
    '/api/access-requests/:id',
    { schema: { tags: ['data-protection'], params: UuidParams, response: { 200: AccessRequestView } } },
    (request) => access.get(principalOf(request), request.params.id),
  );
  app.post(
    '/api/access-requests/:id/decision',
    {
      schema: {
        tags: ['data-protection'],
        summary: "The owner's decision: approve (personal fields only when named in fields) or deny, with a reason",
        params: UuidParams,
        body: AccessDecisionInput,
        response: { 200: z.object({ request: AccessRequestView, grant: GrantView.nullable() }) },
      },
    },
    (request) => access.decide(principalOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/grants',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'Access grants on datasets in your departments',
        querystring: z.strictObject({
          dataset: DatasetId.optional(),
          subject: AccessSubject.optional(),
          active: Flag.optional(),
          limit: Limit,
        }),
        response: { 200: z.array(GrantView) },
      },
    },
    (request) => access.grants(principalOf(request), request.query),
  );
  app.post(
    '/api/grants/:id/revoke',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'Revoke a grant (the owner or an administrator), with a reason',
        params: UuidParams,
        body: GrantRevocation,
        response: { 200: GrantView },
      },
    },
    (request) => access.revoke(principalOf(request), request.params.id, request.body.reason),
  );

  app.get(
    '/api/privacy/decision',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'May the subject use the dataset for this purpose? For systems, with a privacy-scoped token',
        querystring: z.strictObject({
          subject: AccessSubject,
          dataset: DatasetId,
          purpose: AccessPurpose,
          /** Comma-separated fields the system will read; every one must be granted. */
          fields: z
            .string()
            .max(10_000)
            .transform((v) =>
              v
                .split(',')
                .map((f) => f.trim())
                .filter((f) => f !== ''),
            )
            .optional(),
        }),
        response: { 200: PrivacyDecision },
      },
    },
    (request) => access.decision(principalOf(request), request.query),
  );
}
