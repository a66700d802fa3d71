import { requirePermission } from '@citysoc/core';
import { z } from 'zod';
import type { Store } from '../../platform/db/database.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import { countObjectsByType } from './intel-objects.repository.ts';
import { countIndicators, listIndicators } from './indicators.repository.ts';
import type { IntelService } from './intel.service.ts';
import type { SightingsService } from './sightings.service.ts';
import { readStixText } from './stix-input.ts';
import { TaxiiFeedInput, type TaxiiPoller } from './taxii-client.ts';
import { STIX_MEDIA_TYPE } from './taxii.service.ts';

const ImportQuery = z.strictObject({
  source: z.string().max(63).default('manual'),
  confidence: z.coerce.number().int().min(0).max(100).optional(),
  valid_days: z.coerce.number().int().min(1).max(3650).optional(),
});

export function registerIntelRoutes(
  app: HttpServer,
  deps: { intel: IntelService; taxiiPoller: TaxiiPoller; sightings: SightingsService; store: Store },
): void {
  const { intel, taxiiPoller, sightings, store } = deps;

  app.get(
    '/api/intel/summary',
    { schema: { tags: ['intel'], summary: 'Sources, objects per type, indicators' } },
    async (request) => {
      const actor = principalOf(request);
      requirePermission(actor, 'intel.read');
      const [sources, objects, indicators] = await Promise.all([
        intel.sources(actor),
        countObjectsByType(store.db),
        countIndicators(store.db),
      ]);
      return { sources, objects, indicators };
    },
  );

  app.get(
    '/api/intel/indicators',
    {
      schema: {
        tags: ['intel'],
        querystring: z.strictObject({
          source: z.string().max(63).optional(),
          matchable: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => {
      requirePermission(principalOf(request), 'intel.read');
      const { matchable, ...rest } = request.query;
      const rows = await listIndicators(store.db, {
        ...rest,
        ...(matchable !== undefined && { matchable: matchable === 'true' }),
      });
      return rows.map((row) => ({ ...row, labels: JSON.parse(row.labels) as string[] }));
    },
  );

  app.get(
    '/api/intel/sightings',
    {
      schema: {
        tags: ['intel'],
        summary: "Where indicators were seen in your departments' events, newest first",
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      },
    },
    (request) => sightings.list(principalOf(request), request.query.limit),
  );

  app.get(
    '/api/intel/sightings/stix',
    { schema: { tags: ['intel'], summary: 'The sightings as a STIX 2.1 bundle of sighting objects' } },
    async (request, reply) =>
      reply
        .type(STIX_MEDIA_TYPE)
        .header('content-disposition', 'attachment; filename="citysoc-sightings.json"')
        .send(JSON.stringify(await sightings.exportStix(principalOf(request)))),
  );

  app.post(
    '/api/intel/import',
    {
      schema: {
        tags: ['intel'],
        summary: 'Import STIX 2.x (bundle, envelope, array, NDJSON) into a source',
        querystring: ImportQuery,
        body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]),
      },
    },
    async (request) => {
      const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      const input = readStixText(text);
      const { stored: _stored, ...summary } = await intel.importObjects(
        principalOf(request),
        input.objects,
        {
          source: request.query.source,
          kind: 'stix',
          ...(request.query.confidence !== undefined && { confidence: request.query.confidence }),
          ...(request.query.valid_days !== undefined && { validDays: request.query.valid_days }),
        },
        input.rejected,
      );
      return summary;
    },
  );

  app.get('/api/intel/taxii-feeds', { schema: { tags: ['intel'] } }, (request) =>
    taxiiPoller.list(principalOf(request)),
  );
  app.post('/api/intel/taxii-feeds', { schema: { tags: ['intel'], body: TaxiiFeedInput } }, async (request, reply) =>
    reply.status(201).send(await taxiiPoller.add(principalOf(request), request.body)),
  );
  app.post(
    '/api/intel/taxii-feeds/:name/poll',
    { schema: { tags: ['intel'], params: z.strictObject({ name: z.string().max(63) }) } },
    (request) => taxiiPoller.pollNow(principalOf(request), request.params.name),
  );
}
