import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { HttpServer } from './http-server.ts';
import { sendError } from './error-mapping.ts';
import { NotFoundError } from '@citysoc/core';

/**
 * Serves the built dashboard and falls back to index.html for client-side routes. Unknown `/api/` paths
 * get the JSON 404 instead, so API clients never receive HTML.
 */
export async function registerWebUi(app: HttpServer, webDir: string): Promise<void> {
  const index = path.join(webDir, 'index.html');
  const built = existsSync(index);
  if (built) {
    await app.register(fastifyStatic, { root: webDir, index: false, wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return sendError(new NotFoundError(`No route ${request.method} ${request.url.split('?')[0]}`), request, reply);
    }
    if (!built) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The CitySOC web UI is not built. Run `npm run build` (npm start does it for you).');
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
