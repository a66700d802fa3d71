import { InputError } from '@citysoc/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import { TAXII_MEDIA_TYPE, type TaxiiService } from './taxii.service.ts';

const API_ROOT = 'city';
const CollectionParams = z.strictObject({ collection: z.string().uuid() });
const ObjectParams = CollectionParams.extend({ object: z.string().max(300) });
const ObjectsQuery = z.looseObject({
  added_after: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  next: z.string().max(32).optional(),
  'match[id]': z.string().max(10_000).optional(),
  'match[type]': z.string().max(2000).optional(),
  'match[spec_version]': z.string().max(100).optional(),
});

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').filter(Boolean));

/**
 * TAXII answers in its own media type, exactly as the standard writes it (sent as bytes: Fastify would add a
 * charset and re-quote the version parameter of a string body); a client that accepts neither it nor JSON
 * gets 406.
 */
function taxii(request: FastifyRequest, reply: FastifyReply, body: unknown, headers: Record<string, string> = {}) {
  const accept = request.headers.accept ?? '*/*';
  if (!/application\/taxii\+json|application\/json|\*\/\*/.test(accept)) {
    return reply.status(406).type('application/json').send({ title: 'Not Acceptable', http_status: '406' });
  }
  return reply.headers({ ...headers, 'content-type': TAXII_MEDIA_TYPE }).send(Buffer.from(JSON.stringify(body)));
}

/**
 * TAXII 2.1 (OASIS): discovery at /taxii2/, one API root (`city`), collections, objects with `added_after`,
 * `match[id|type|spec_version]` and paging (`limit`, `next`), one object, manifest, and POST of envelopes into
 * the inbox for `taxii`-scoped tokens. Any CitySOC instance's TAXII client can read another's: cities federate.
 */
export function registerTaxiiRoutes(app: HttpServer, deps: { taxii: TaxiiService }): void {
  const { taxii: service } = deps;
  app.addContentTypeParser('application/taxii+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new InputError('Body is not valid JSON'), undefined);
    }
  });

  app.get('/taxii2/', { schema: { tags: ['taxii'], summary: 'TAXII discovery' } }, (request, reply) => {
    principalOf(request);
    const base = `${request.protocol}://${request.host}`;
    return taxii(request, reply, {
      title: 'CitySOC TAXII server',
      description: "The city's shareable threat intelligence (TLP:CLEAR/GREEN)",
      default: `${base}/taxii2/${API_ROOT}/`,
      api_roots: [`${base}/taxii2/${API_ROOT}/`],
    });
  });

  app.get(`/taxii2/${API_ROOT}/`, { schema: { tags: ['taxii'], summary: 'TAXII API root' } }, (request, reply) => {
    principalOf(request);
    return taxii(request, reply, {
      title: 'City intelligence',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: 10 * 1024 * 1024,
    });
  });

  app.get(`/taxii2/${API_ROOT}/collections/`, { schema: { tags: ['taxii'] } }, async (request, reply) =>
    taxii(request, reply, { collections: await service.collections(principalOf(request)) }),
  );

  app.get(
    `/taxii2/${API_ROOT}/collections/:collection/`,
    { schema: { tags: ['taxii'], params: CollectionParams } },
    async (request, reply) =>
      taxii(request, reply, await service.collection(principalOf(request), request.params.collection)),
  );

  const page = async (
    request: FastifyRequest,
    collection: string,
    query: z.infer<typeof ObjectsQuery>,
    ids?: string[],
  ) =>
    service.objects(principalOf(request), collection, {
      ...(query.added_after !== undefined && { addedAfter: new Date(query.added_after).toISOString() }),
      ...(query.next !== undefined && { next: query.next }),
      ...(query.limit !== undefined && { limit: query.limit }),
      ...((ids ?? list(query['match[id]'])) && { ids: ids ?? list(query['match[id]']) }),
      ...(list(query['match[type]']) && { types: list(query['match[type]']) }),
      ...(list(query['match[spec_version]']) && { specVersions: list(query['match[spec_version]']) }),
    });
  const pageHeaders = (result: { first?: string; last?: string }): Record<string, string> => ({
    ...(result.first && { 'X-TAXII-Date-Added-First': result.first }),
    ...(result.last && { 'X-TAXII-Date-Added-Last': result.last }),
  });

  app.get(
    `/taxii2/${API_ROOT}/collections/:collection/objects/`,
    { schema: { tags: ['taxii'], params: CollectionParams, querystring: ObjectsQuery } },
    async (request, reply) => {
      const result = await page(request, request.params.collection, request.query);
      const { objects, more, next } = result;
      return taxii(request, reply, { more, ...(next && { next }), objects }, pageHeaders(result));
    },
  );

  app.get(
    `/taxii2/${API_ROOT}/collections/:collection/objects/:object/`,
    { schema: { tags: ['taxii'], params: ObjectParams, querystring: ObjectsQuery } },
    async (request, reply) => {
      const result = await page(request, request.params.collection, request.query, [request.params.object]);
      return taxii(request, reply, { more: false, objects: result.objects }, pageHeaders(result));
    },
  );

  app.get(
    `/taxii2/${API_ROOT}/collections/:collection/manifest/`,
    { schema: { tags: ['taxii'], params: CollectionParams, querystring: ObjectsQuery } },
    async (request, reply) => {
      const result = await page(request, request.params.collection, request.query);
      const objects = result.objects.map((object, index) => ({
        id: object.id,
        date_added: result.dateAdded[index],
        version: object.modified ?? object.created,
        media_type: 'application/stix+json;version=2.1',
      }));
      return taxii(
        request,
        reply,
        { more: result.more, ...(result.next && { next: result.next }), objects },
        pageHeaders(result),
      );
    },
  );

  app.post(
    `/taxii2/${API_ROOT}/collections/:collection/objects/`,
    { schema: { tags: ['taxii'], params: CollectionParams } },
    async (request, reply) => {
      const status = await service.add(principalOf(request), request.params.collection, request.body);
      reply.status(202);
      return taxii(request, reply, status);
    },
  );

  app.get(
    `/taxii2/${API_ROOT}/status/:status/`,
    { schema: { tags: ['taxii'], params: z.strictObject({ status: z.string().uuid() }) } },
    (request, reply) => taxii(request, reply, service.status(principalOf(request), request.params.status)),
  );
}
