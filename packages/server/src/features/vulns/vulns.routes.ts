import { InputError } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import { FindingDecision, FindingStatus, FindingView, type VulnsService } from './vulns.service.ts';

export function registerVulnsRoutes(app: HttpServer, deps: { vulns: VulnsService }): void {
  const { vulns } = deps;

  app.get(
    '/api/vulns/findings',
    {
      schema: {
        tags: ['vulns'],
        summary: 'Vulnerability findings on your assets, by priority',
        querystring: z.strictObject({
          department: z.string().max(64).optional(),
          status: FindingStatus.optional(),
          limit: z.coerce.number().int().min(1).max(10_000).default(1000),
        }),
        response: { 200: z.array(FindingView) },
      },
    },
    (request) => vulns.findings(principalOf(request), request.query),
  );

  app.get(
    '/api/vulns/summary',
    {
      schema: {
        tags: ['vulns'],
        summary: 'Open findings by priority, department and service; KEV, overdue, due soon; 30-day trend',
      },
    },
    (request) => vulns.summary(principalOf(request)),
  );

  app.patch(
    '/api/vulns/findings/:id',
    {
      schema: {
        tags: ['vulns'],
        summary: 'Accept the risk (with an expiry), mark a false positive, or reopen',
        params: z.strictObject({ id: z.string().max(300) }),
        body: FindingDecision,
        response: { 200: FindingView },
      },
    },
    (request) => vulns.decide(principalOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/vulns/import',
    {
      schema: {
        tags: ['vulns'],
        summary: 'Import a KEV catalogue, CVE 5 record, NVD API 2.0 response or EPSS CSV',
        querystring: z.strictObject({ name: z.string().max(200).default('upload') }),
        body: z.union([z.string(), z.record(z.string(), z.unknown())]),
      },
    },
    async (request) => {
      const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      const [result] = await vulns.importFeeds(principalOf(request), [{ name: request.query.name, text }]);
      if (result && 'error' in result) throw new InputError(result.error);
      return result;
    },
  );
}
