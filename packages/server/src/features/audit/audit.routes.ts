import { AuditEntry, AuditVerification, requirePermission } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { AuditLog } from './audit.service.ts';

export function registerAuditRoutes(app: HttpServer, deps: { audit: AuditLog }): void {
  const { audit } = deps;

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries in your departments, newest first',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          before: z.coerce.number().int().positive().optional(),
        }),
        response: { 200: z.array(AuditEntry) },
      },
    },
    (request) =>
      audit.list(principalOf(request), {
        limit: request.query.limit,
        ...(request.query.before !== undefined && { beforeSeq: request.query.before }),
      }),
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Walk the hash chain and report the first broken entry',
        response: { 200: AuditVerification },
      },
    },
    (request) => {
      requirePermission(principalOf(request), 'audit.read');
      return audit.verify();
    },
  );
}
