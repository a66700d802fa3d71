import {
  AnonymizationJob,
  AnonymizationJobDetail,
  AnonymizationJobInput,
  AnonymizationJobStatus,
  DatasetId,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { AnonymizationsService } from './anonymizations.service.ts';

const JobParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Anonymisation jobs (`/api/privacy/anonymizations`): run one on a CSV, list them, read a report, download. */
export function registerAnonymizationsRoutes(app: HttpServer, deps: { anonymizations: AnonymizationsService }): void {
  const { anonymizations } = deps;

  app.post(
    '/api/privacy/anonymizations',
    {
      schema: {
        tags: ['data-protection'],
        summary:
          'Anonymise a CSV for open-data release with a spec (the CLI format); kept with its report and output. ' +
          'status: succeeded, refused (targets not met: the report says why) or failed (invalid spec or file)',
        body: AnonymizationJobInput,
        response: { 201: AnonymizationJobDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await anonymizations.run(principalOf(request), request.body)),
  );
  app.get(
    '/api/privacy/anonymizations',
    {
      schema: {
        tags: ['data-protection'],
        summary: "Anonymisation jobs of your departments' datasets, newest first",
        querystring: z.strictObject({
          dataset: DatasetId.optional(),
          status: AnonymizationJobStatus.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
        response: { 200: z.array(AnonymizationJob) },
      },
    },
    (request) => anonymizations.list(principalOf(request), request.query),
  );
  app.get(
    '/api/privacy/anonymizations/:id',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'One anonymisation job with its spec and full report',
        params: JobParams,
        response: { 200: AnonymizationJobDetail },
      },
    },
    (request) => anonymizations.get(principalOf(request), request.params.id),
  );
  app.get(
    '/api/privacy/anonymizations/:id/output.csv',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'The anonymised CSV of a job that succeeded',
        params: JobParams,
      },
    },
    async (request, reply) => {
      const { csv } = await anonymizations.output(principalOf(request), request.params.id);
      // The file is named by the job id: the job's name is free text and must not reach a header unescaped.
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="anonymized-${request.params.id}.csv"`)
        .send(csv);
    },
  );
}
