import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { BlocklistsService } from './blocklists.service.ts';

export function registerBlocklistsRoutes(app: HttpServer, deps: { blocklists: BlocklistsService }): void {
  const { blocklists } = deps;

  app.get(
    '/api/blocklists',
    {
      schema: {
        tags: ['blocklists'],
        summary: 'Blocklists the security stance publishes: kinds, confidence threshold, entries, URL',
      },
    },
    (request) => blocklists.list(principalOf(request)),
  );

  app.get(
    '/api/blocklists/:file',
    {
      schema: {
        tags: ['blocklists'],
        summary: 'One blocklist as text (one IP, CIDR, domain, URL or hash a line) for firewalls and resolvers',
        params: z.strictObject({ file: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}\.txt$/) }),
      },
    },
    async (request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(await blocklists.text(principalOf(request), request.params.file.slice(0, -'.txt'.length))),
  );
}
