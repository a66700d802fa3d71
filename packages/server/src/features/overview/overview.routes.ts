import { Health, Overview } from '@citysoc/core';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import { Readiness, type ReadinessProbe } from '../../platform/readiness.ts';
import type { OverviewService } from './overview.service.ts';

export function registerOverviewRoutes(
  app: HttpServer,
  deps: { overview: OverviewService; readiness: ReadinessProbe },
): void {
  const { overview } = deps;

  app.get(
    '/api/health',
    {
      // Public and exempt from rate limits: load balancers and monitors poll it.
      config: { rateLimit: false },
      schema: { tags: ['system'], summary: 'Liveness, version and store', security: [], response: { 200: Health } },
    },
    () => overview.health(),
  );

  app.get(
    '/api/ready',
    {
      // Public like /api/health: orchestrators poll it to decide whether to send this node traffic.
      config: { rateLimit: false },
      logLevel: 'warn',
      schema: {
        tags: ['system'],
        summary: 'Readiness: database reachable, migrations applied, bus connected (503 when not)',
        security: [],
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const readiness = await deps.readiness();
      return reply.status(readiness.ready ? 200 : 503).send(readiness);
    },
  );

  app.get(
    '/api/overview',
    {
      schema: { tags: ['overview'], summary: 'City-wide figures within your departments', response: { 200: Overview } },
    },
    (request) => overview.overview(principalOf(request)),
  );
}
