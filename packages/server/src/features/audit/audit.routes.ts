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
          /** One object's history, as `type:id` (e.g. `asset:scada-1`). */
          target: z
            .string()
            .max(300)
            .regex(/^[a-z_]+:.+$/, 'must be type:id')
            .optional(),
        }),
        response: { 200: z.array(AuditEntry) },
      },
    },
    (request) =>
      audit.list(principalOf(request), {
        limit: request.query.limit,
        ...(request.query.before !== undefined && { beforeSeq: request.query.before }),
        ...(request.query.target !== undefined && { target: splitTarget(request.query.target) }),
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

function splitTarget(target: string): { type: string; id: string } {
  const colon = target.indexOf(':');
  return { type: target.slice(0, colon), id: target.slice(colon + 1) };
}
