import { UnavailableError } from '@citysoc/core';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { LiveHub } from './live-hub.ts';

const KEEPALIVE_MS = 25_000;

/**
 * `GET /api/live`: a Server-Sent Events stream of change signals (`event: alerts`, `events`, `inventory`,
 * `audit`) for the dashboard's live updates. EventSource sends the session cookie; a bearer token works with
 * any streaming HTTP client. A comment line every 25 s keeps proxies from closing an idle stream.
 */
export function registerLiveRoutes(app: HttpServer, deps: { live: LiveHub }): void {
  // Open streams never go idle, so the server's close would wait for them forever: end them first.
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of open) end();
    done();
  });

  app.get(
    '/api/live',
    { schema: { tags: ['live'], summary: 'Server-Sent Events: what changed (alerts, events, inventory, audit)' } },
    (request, reply) => {
      const principal = principalOf(request);
      const write = (text: string) => {
        if (!reply.raw.writableEnded) reply.raw.write(text);
      };
      const unsubscribe = deps.live.subscribe({ principal, send: (topic) => write(`event: ${topic}\ndata: {}\n\n`) });
      if (!unsubscribe) throw new UnavailableError('Too many live connections; try again later');
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      write(': connected\n\n');
      const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
      const end = () => {
        open.delete(end);
        clearInterval(keepalive);
        unsubscribe();
        reply.raw.end();
      };
      open.add(end);
      request.raw.once('close', end);
    },
  );
}
