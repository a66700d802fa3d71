import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import { AttestationRequest, type PostureService } from './posture.service.ts';

export function registerPostureRoutes(app: HttpServer, deps: { posture: PostureService }): void {
  const { posture } = deps;

  app.get(
    '/api/posture',
    {
      schema: {
        tags: ['posture'],
        summary: 'Posture scores (city, departments, services; per direction) and the open gaps',
        querystring: z.strictObject({ department: z.string().max(64).optional() }),
      },
    },
    (request) =>
      posture.report(principalOf(request), {
        ...(request.query.department !== undefined && { department: request.query.department }),
      }),
  );

  app.get(
    '/api/posture/trend',
    {
      schema: {
        tags: ['posture'],
        summary: 'Hourly score snapshots of the city and your departments',
        querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(366).default(30) }),
      },
    },
    (request) => posture.trend(principalOf(request), request.query.days),
  );

  app.get(
    '/api/posture/controls',
    { schema: { tags: ['posture'], summary: 'The control catalogue: scope, evidence, framework references' } },
    (request) => posture.controls(principalOf(request)),
  );

  app.post(
    '/api/posture/attestations',
    {
      schema: {
        tags: ['posture'],
        summary: 'Attest that a control is in place for an asset or a department, until a date',
        body: AttestationRequest,
      },
    },
    async (request, reply) => reply.status(201).send(await posture.attest(principalOf(request), request.body)),
  );
}
