import { ApiToken, CreateApiToken, CreatedApiToken } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { TokensService } from './tokens.service.ts';

export function registerTokensRoutes(app: HttpServer, deps: { tokens: TokensService }): void {
  const { tokens } = deps;

  app.get(
    '/api/tokens',
    { schema: { tags: ['tokens'], summary: 'API tokens in your departments', response: { 200: z.array(ApiToken) } } },
    (request) => tokens.list(principalOf(request)),
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the secret is returned once',
        body: CreateApiToken,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => reply.status(201).send(await tokens.create(principalOf(request), request.body)),
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: z.strictObject({ id: z.string().min(1).max(100) }),
        response: { 200: ApiToken },
      },
    },
    (request) => tokens.revoke(principalOf(request), request.params.id),
  );
}
