import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { DepartmentsService } from '../departments/index.ts';
import type { CityModelCache } from '../inventory/index.ts';
import { createPostureExportService } from './posture-export.service.ts';
import { AttestationRequest, type PostureService } from './posture.service.ts';

const DepartmentQuery = z.strictObject({ department: z.string().max(64).optional() });

export function registerPostureRoutes(
  app: HttpServer,
  deps: { posture: PostureService; departments: DepartmentsService; city: CityModelCache },
): void {
  const { posture } = deps;
  // Stateless: built here from the services the exports read, so the composition root needs no new line.
  const exports = createPostureExportService(deps);
  const departmentOf = (query: { department?: string | undefined }) =>
    query.department === undefined ? {} : { department: query.department };

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

  app.get(
    '/api/posture/controls/summary',
    {
      schema: {
        tags: ['posture'],
        summary: 'Per control: how many targets pass, fail, have stale or no evidence (your departments)',
        querystring: DepartmentQuery,
      },
    },
    (request) => exports.controlSummary(principalOf(request), departmentOf(request.query)),
  );

  app.get(
    '/api/posture/export.csv',
    {
      schema: {
        tags: ['posture'],
        summary: 'The gaps (or all results) with their ISO 27001, NIST CSF and IEC 62443 references, as CSV',
        querystring: DepartmentQuery.extend({ results: z.enum(['gaps', 'all']).default('gaps') }),
      },
    },
    async (request, reply) => {
      const file = await exports.csv(principalOf(request), {
        ...departmentOf(request.query),
        results: request.query.results,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );

  app.get(
    '/api/posture/report.pdf',
    {
      schema: {
        tags: ['posture'],
        summary: 'A PDF report for auditors: scores per direction and the gaps with their references',
        querystring: DepartmentQuery,
      },
    },
    async (request, reply) => {
      const file = await exports.pdf(principalOf(request), departmentOf(request.query));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );
}
