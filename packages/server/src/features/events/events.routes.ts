import { EventHistogram, EventSearchRequest, EventSearchResult } from '@citysoc/core';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { EventsService } from './events.service.ts';

export function registerEventsRoutes(app: HttpServer, deps: { events: EventsService }): void {
  const { events } = deps;

  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Search events in your departments, newest first',
        description:
          'query: field:value (wildcards * ?), "phrases" and bare words (free text over the raw message), ' +
          'field:[a TO b], field:>n, field:* (exists), AND/OR/NOT and parentheses. from/to: ISO-8601 or -15m/-24h/-7d.',
        querystring: EventSearchRequest,
        response: { 200: EventSearchResult },
      },
    },
    (request) => events.search(principalOf(request), request.query),
  );

  app.get(
    '/api/events/histogram',
    {
      schema: {
        tags: ['events'],
        summary: 'Event counts over time for a query',
        querystring: EventSearchRequest.omit({ limit: true, cursor: true }),
        response: { 200: EventHistogram },
      },
    },
    (request) => events.histogram(principalOf(request), request.query),
  );
}
