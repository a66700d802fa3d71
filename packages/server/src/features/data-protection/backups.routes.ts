import { BackupJobReport, BackupStatus, RestoreTestReport } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { BackupsService } from './backups.service.ts';

const Recorded = z.object({
  id: z.string(),
  kind: z.enum(['job', 'restore_test']),
  dataset: z.string().optional(),
  asset: z.string().optional(),
  department: z.string(),
  status: z.string(),
  finished_at: z.string(),
});

/** Backup jobs and restore tests reported by backup systems (an ingest-scoped token), and the RPO status. */
export function registerBackupsRoutes(app: HttpServer, deps: { backups: BackupsService }): void {
  const { backups } = deps;

  app.post(
    '/api/backups/jobs',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'Report a backup job of a dataset or asset (success or failed)',
        body: BackupJobReport,
        response: { 201: Recorded },
      },
    },
    async (request, reply) => reply.status(201).send(await backups.reportJob(principalOf(request), request.body)),
  );
  app.post(
    '/api/backups/restore-tests',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'Report a restore test of a dataset or asset, with how long it took',
        body: RestoreTestReport,
        response: { 201: Recorded },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await backups.reportRestoreTest(principalOf(request), request.body)),
  );
  app.get(
    '/api/backups/status',
    {
      schema: {
        tags: ['data-protection'],
        summary: 'Every dataset with its last successful backup against its RPO, and restore tests against its RTO',
        response: { 200: z.array(BackupStatus) },
      },
    },
    (request) => backups.status(principalOf(request)),
  );
}
