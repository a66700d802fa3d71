import { AttackDomain } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { AttackService } from './attack.service.ts';

export function registerAttackRoutes(app: HttpServer, deps: { attack: AttackService }): void {
  const { attack } = deps;

  app.get(
    '/api/attack/coverage',
    {
      schema: {
        tags: ['attack'],
        summary: 'ATT&CK matrix with the enabled rules and the alerts of the last 30 days per technique',
        querystring: z.strictObject({ domain: z.enum(AttackDomain).default('enterprise') }),
      },
    },
    (request) => attack.coverage(principalOf(request), request.query.domain),
  );

  app.get(
    '/api/attack/techniques/:id',
    {
      schema: {
        tags: ['attack'],
        summary: 'One ATT&CK technique: name, tactics, link, the rules that detect it and its recent alerts',
        params: z.strictObject({ id: z.string().regex(/^[Tt]\d{4}(\.\d{3})?$/) }),
      },
    },
    (request) => attack.technique(principalOf(request), request.params.id),
  );
}
