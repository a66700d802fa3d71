import { Health, Overview } from '@citysoc/core';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { OverviewService } from './overview.service.ts';

export function registerOverviewRoutes(app: HttpServer, deps: { overview: OverviewService }): void {
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
    '/api/overview',
    {
      schema: { tags: ['overview'], summary: 'City-wide figures within your departments', response: { 200: Overview } },
    },
    (request) => overview.overview(principalOf(request)),
  );
}
