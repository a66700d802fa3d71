import { InputError, IngestRejection, IngestResult, IngestStatsSnapshot, requirePermission } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { IngestRecord, IngestService } from './ingest.service.ts';

function recordsOf(body: unknown, contentType: string): { records: IngestRecord[]; format: 'ndjson' | 'lines' } {
  if (typeof body === 'string') {
    return { records: body.split(/\r?\n/), format: contentType.startsWith('text/plain') ? 'lines' : 'ndjson' };
  }
  if (Array.isArray(body)) return { records: body as IngestRecord[], format: 'ndjson' };
  if (typeof body === 'object' && body !== null)
    return { records: [body as Record<string, unknown>], format: 'ndjson' };
  throw new InputError('Send NDJSON, a JSON array or object, or text/plain log lines');
}

export function registerIngestRoutes(app: HttpServer, deps: { ingest: IngestService }): void {
  const { ingest } = deps;
  // NDJSON stays a string: it is split and parsed line by line, so one bad line rejects only itself.
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/api/ingest',
    {
      // Log shippers send in bulk; the ingest queue (429 with Retry-After when full) limits them instead.
      config: { rateLimit: false },
      // Thousands of shipper requests a second would drown the log; failures are still logged.
      logLevel: 'warn',
      schema: {
        tags: ['ingest'],
        summary: 'Send events: NDJSON, a JSON array or object, or text/plain lines (needs an ingest token)',
        description:
          'Answers 202 only after the accepted events are committed. Lines that cannot be accepted are ' +
          'counted and listed in errors (first 100) and kept for inspection at /api/ingest/rejections.',
        querystring: z.strictObject({ source: z.string().min(1).max(100).optional() }),
        response: { 202: IngestResult },
      },
    },
    async (request, reply) => {
      const { departmentId } = ingest.authorise(principalOf(request));
      const { records, format } = recordsOf(request.body, request.headers['content-type'] ?? '');
      const result = await ingest.ingest(
        {
          channel: 'http',
          departmentId,
          format,
          ...(request.query.source !== undefined && { source: request.query.source }),
        },
        records,
      );
      return reply.status(202).send(result);
    },
  );

  app.get(
    '/api/ingest/stats',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Counters per channel and source, queue depth, commit latency',
        response: { 200: IngestStatsSnapshot },
      },
    },
    (request) => {
      requirePermission(principalOf(request), 'events.read');
      return ingest.stats();
    },
  );

  app.get(
    '/api/ingest/rejections',
    {
      schema: {
        tags: ['ingest'],
        summary: 'The most recent input that was refused, with the reason',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: { 200: z.array(IngestRejection) },
      },
    },
    (request) => ingest.rejections(principalOf(request), request.query.limit),
  );
}
