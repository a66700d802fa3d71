import { StanceOverrideRequest, StanceView } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { StanceService } from './stance.service.ts';

const Scope = z.strictObject({ scope: z.string().regex(/^(city|[a-z0-9][a-z0-9_-]{0,62})$/) });

export function registerStanceRoutes(app: HttpServer, deps: { stance: StanceService }): void {
  const { stance } = deps;

  app.get(
    '/api/stance',
    {
      schema: {
        tags: ['stance'],
        summary: "The city's security stance and your departments': level, reasons, policies in force, history",
        response: { 200: z.object({ city: StanceView.nullable(), departments: z.array(StanceView) }) },
      },
    },
    (request) => stance.current(principalOf(request)),
  );

  app.put(
    '/api/stance/:scope/override',
    {
      schema: {
        tags: ['stance'],
        summary: 'Override the stance with a justification until a time (at most 30 days)',
        params: Scope,
        body: StanceOverrideRequest,
        response: { 200: StanceView },
      },
    },
    (request) => stance.override(principalOf(request), request.params.scope, request.body),
  );

  app.delete(
    '/api/stance/:scope/override',
    {
      schema: {
        tags: ['stance'],
        summary: 'Return to the computed stance',
        params: Scope,
        response: { 200: StanceView },
      },
    },
    (request) => stance.override(principalOf(request), request.params.scope, null),
  );
}
