import {
  Assignee,
  EvidenceFile,
  IncidentDetail,
  IncidentTemplate,
  RecordBreachNotification,
  ShareIncident,
  Team,
  UpdateTeam,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { IncidentsService } from './incidents.service.ts';
import type { TeamsService } from './teams.service.ts';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });
const EvidenceParams = IdParams.extend({ evidenceId: z.string().min(1).max(64) });
const UploadQuery = z.strictObject({ name: z.string().min(1).max(1000) });
const tags = ['incidents'];

/** `filename=` takes ASCII only; `filename*=` (RFC 6266/5987) carries the real name for browsers that read it. */
function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Routes of the case work: evidence files, the personal-data breach notification, incident templates and team
 * changes. Evidence is uploaded as the raw request body (any content type; the name in `?name=`), so a browser
 * sends a file with one `fetch` and scripts with `curl --data-binary`; the upload route lives in its own
 * encapsulated scope because that parser, and its larger body limit, must apply to it alone.
 */
export function registerCaseworkRoutes(app: HttpServer, deps: { incidents: IncidentsService; teams: TeamsService }) {
  const { incidents, teams } = deps;
  const maxBytes = incidents.evidenceMaxBytes;

  void app.register((scope: HttpServer, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, next) =>
      next(null, body),
    );
    scope.post(
      '/api/incidents/:id/evidence',
      {
        bodyLimit: maxBytes,
        schema: {
          tags,
          summary: 'Attach an evidence file: the request body is the file, ?name= its name (hashed with SHA-256)',
          params: IdParams,
          querystring: UploadQuery,
          response: { 201: EvidenceFile },
        },
      },
      async (request, reply) => {
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const file = await incidents.addEvidence(principalOf(request), request.params.id, {
          name: request.query.name,
          contentType: request.headers['content-type'] ?? 'application/octet-stream',
          bytes,
        });
        return reply.status(201).send(file);
      },
    );
    done();
  });

  app.get(
    '/api/incidents/:id/evidence',
    {
      schema: {
        tags,
        summary: "The case's evidence files: name, size, SHA-256, who uploaded them",
        params: IdParams,
        response: { 200: z.array(EvidenceFile) },
      },
    },
    (request) => incidents.listEvidence(principalOf(request), request.params.id),
  );

  app.get(
    '/api/incidents/:id/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'Download an evidence file (always as an attachment; refused if it no longer matches its SHA-256)',
        params: EvidenceParams,
      },
    },
    async (request, reply) => {
      const { file, bytes } = await incidents.readEvidence(
        principalOf(request),
        request.params.id,
        request.params.evidenceId,
      );
      // Evidence is attacker-made (phishing pages, malware, scripts): never let a browser render or sniff it.
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', attachmentHeader(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'no-store')
        .header('x-evidence-sha256', file.sha256)
        .send(bytes);
    },
  );

  app.post(
    '/api/incidents/:id/breach-notification',
    {
      schema: {
        tags,
        summary: 'Record that the supervisory authority was notified of the personal-data breach (GDPR art. 33)',
        params: IdParams,
        body: RecordBreachNotification,
        response: { 200: IncidentDetail },
      },
    },
    (request) => incidents.recordBreachNotification(principalOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/incidents/:id/shares',
    {
      schema: {
        tags,
        summary: 'Share the case with another department: its people see and work it (the cascade crossed into theirs)',
        params: IdParams,
        body: ShareIncident,
        response: { 200: IncidentDetail },
      },
    },
    (request) => incidents.share(principalOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/incidents/:id/shares/:departmentId',
    {
      schema: {
        tags,
        summary: 'Stop sharing the case with a department (204 when the caller no longer sees it)',
        params: IdParams.extend({ departmentId: z.string().min(1).max(64) }),
        response: { 200: IncidentDetail, 204: z.null() },
      },
    },
    async (request, reply) => {
      const detail = await incidents.unshare(principalOf(request), request.params.id, request.params.departmentId);
      return detail === null ? reply.code(204).send(null) : detail;
    },
  );

  app.get(
    '/api/incident-templates',
    {
      schema: {
        tags,
        summary: 'Incident types and what opening a case of each pre-fills (severity, team, tasks)',
        response: { 200: z.array(IncidentTemplate) },
      },
    },
    (request) => incidents.templates(principalOf(request)),
  );

  app.get(
    '/api/teams/candidates',
    {
      schema: {
        tags,
        summary: 'People who can join a team of the department (omit department: a city-wide team)',
        querystring: z.strictObject({ department: z.string().min(1).max(64).optional() }),
        response: { 200: z.array(Assignee) },
      },
    },
    (request) => teams.candidates(principalOf(request), request.query.department ?? null),
  );

  app.patch(
    '/api/teams/:id',
    {
      schema: {
        tags,
        summary: 'Change a team: name, members, lead, on-call rotation',
        params: IdParams,
        body: UpdateTeam,
        response: { 200: Team },
      },
    },
    (request) => teams.update(principalOf(request), request.params.id, request.body),
  );
}
