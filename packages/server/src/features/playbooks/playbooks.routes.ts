import {
  CancelPlaybookRun,
  PlaybookCatalogue,
  PlaybookDetail,
  PlaybookRun,
  StartPlaybookRun,
  StepDecision,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { PlaybooksService } from './playbooks.service.ts';

const Id = z.string().min(1).max(128);
const tags = ['playbooks'];

export function registerPlaybooksRoutes(app: HttpServer, deps: { playbooks: PlaybooksService }): void {
  const { playbooks } = deps;

  app.get(
    '/api/playbooks',
    {
      schema: {
        tags,
        summary: 'The playbook catalogue; with incidentId, matching playbooks first with the reason they match',
        querystring: z.strictObject({ incidentId: Id.optional() }),
        response: { 200: PlaybookCatalogue },
      },
    },
    (request) => playbooks.catalogue(principalOf(request), request.query.incidentId),
  );

  app.get(
    '/api/playbooks/:id',
    {
      schema: {
        tags,
        summary: 'One playbook as loaded: triggers, inputs and steps',
        params: z.strictObject({ id: Id }),
        response: { 200: PlaybookDetail },
      },
    },
    (request) => playbooks.get(principalOf(request), request.params.id),
  );

  app.get(
    '/api/incidents/:id/playbooks',
    {
      schema: {
        tags,
        summary: "The incident's playbook runs, newest first, each with its steps",
        params: z.strictObject({ id: Id }),
        response: { 200: z.array(PlaybookRun) },
      },
    },
    (request) => playbooks.runs(principalOf(request), request.params.id),
  );

  app.post(
    '/api/incidents/:id/playbooks',
    {
      schema: {
        tags,
        summary: 'Start a playbook on the incident; destructive steps will wait for approval',
        params: z.strictObject({ id: Id }),
        body: StartPlaybookRun,
        response: { 201: PlaybookRun },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await playbooks.start(principalOf(request), request.params.id, request.body.playbookId)),
  );

  app.get(
    '/api/playbook-runs/:id',
    {
      schema: {
        tags,
        summary: 'One playbook run with its steps',
        params: z.strictObject({ id: Id }),
        response: { 200: PlaybookRun },
      },
    },
    (request) => playbooks.run(principalOf(request), request.params.id),
  );

  const StepParams = z.strictObject({ id: Id, stepId: Id });
  app.post(
    '/api/playbook-runs/:id/steps/:stepId/approve',
    {
      schema: {
        tags,
        summary: 'Approve a waiting step (a person with assets.contain; not the starter when two persons are required)',
        params: StepParams,
        body: StepDecision,
        response: { 200: PlaybookRun },
      },
    },
    (request) => playbooks.approve(principalOf(request), request.params.id, request.params.stepId, request.body.reason),
  );

  app.post(
    '/api/playbook-runs/:id/steps/:stepId/deny',
    {
      schema: {
        tags,
        summary: 'Deny a waiting step; the run stops unless the step says on_failure: continue',
        params: StepParams,
        body: StepDecision,
        response: { 200: PlaybookRun },
      },
    },
    (request) => playbooks.deny(principalOf(request), request.params.id, request.params.stepId, request.body.reason),
  );

  app.post(
    '/api/playbook-runs/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a run that is still going',
        params: z.strictObject({ id: Id }),
        body: CancelPlaybookRun,
        response: { 200: PlaybookRun },
      },
    },
    (request) => playbooks.cancel(principalOf(request), request.params.id, request.body),
  );
}
