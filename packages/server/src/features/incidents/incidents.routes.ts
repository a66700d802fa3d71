import {
  Assignee,
  CreateComment,
  CreateIncident,
  CreateObservable,
  CreateTask,
  CreateTeam,
  Incident,
  IncidentComment,
  IncidentDetail,
  IncidentListRequest,
  IncidentObservable,
  IncidentTask,
  LinkAlerts,
  Team,
  UpdateIncident,
  UpdateObservable,
  UpdateTask,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { IncidentsService } from './incidents.service.ts';
import type { TeamsService } from './teams.service.ts';
import { registerCaseworkRoutes } from './casework.routes.ts';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });
const TaskParams = IdParams.extend({ taskId: z.string().min(1).max(64) });
const ObservableParams = IdParams.extend({ observableId: z.string().min(1).max(64) });
const tags = ['incidents'];

export function registerIncidentsRoutes(app: HttpServer, deps: { incidents: IncidentsService; teams: TeamsService }) {
  const { incidents, teams } = deps;
  registerCaseworkRoutes(app, deps);

  app.get(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'The incident queue in your departments: open first, by priority, each with its SLA clocks',
        querystring: IncidentListRequest,
        response: { 200: z.array(Incident) },
      },
    },
    (request) => incidents.list(principalOf(request), request.query),
  );

  app.post(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'Open an incident, optionally escalating alerts to it (they are linked and marked escalated)',
        body: CreateIncident,
        response: { 201: IncidentDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await incidents.create(principalOf(request), request.body)),
  );

  app.get(
    '/api/incidents/:id',
    {
      schema: {
        tags,
        summary: 'The case: alerts, tasks, comments, observables, timeline, SLA and the cascade impact',
        params: IdParams,
        response: { 200: IncidentDetail },
      },
    },
    (request) => incidents.get(principalOf(request), request.params.id),
  );

  app.patch(
    '/api/incidents/:id',
    {
      schema: {
        tags,
        summary: 'Edit fields, or move to another phase (with a reason; closing needs a resolution)',
        params: IdParams,
        body: UpdateIncident,
        response: { 200: IncidentDetail },
      },
    },
    (request) => incidents.update(principalOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/incidents/:id/alerts',
    {
      schema: {
        tags,
        summary: 'Escalate more alerts to the incident',
        params: IdParams,
        body: LinkAlerts,
        response: { 200: IncidentDetail },
      },
    },
    (request) => incidents.linkAlerts(principalOf(request), request.params.id, request.body.alertIds),
  );

  app.get(
    '/api/incidents/:id/assignees',
    {
      schema: {
        tags,
        summary: 'Who the incident (and its tasks) can be assigned to',
        params: IdParams,
        response: { 200: z.array(Assignee) },
      },
    },
    (request) => incidents.assignees(principalOf(request), request.params.id),
  );

  app.post(
    '/api/incidents/:id/tasks',
    {
      schema: { tags, summary: 'Add a task', params: IdParams, body: CreateTask, response: { 201: IncidentTask } },
    },
    async (request, reply) =>
      reply.status(201).send(await incidents.addTask(principalOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/incidents/:id/tasks/:taskId',
    {
      schema: {
        tags,
        summary: 'Update a task (status todo, doing, done, cancelled; assignee; due)',
        params: TaskParams,
        body: UpdateTask,
        response: { 200: IncidentTask },
      },
    },
    (request) => incidents.updateTask(principalOf(request), request.params.id, request.params.taskId, request.body),
  );

  app.post(
    '/api/incidents/:id/comments',
    {
      schema: {
        tags,
        summary: 'Add a comment',
        params: IdParams,
        body: CreateComment,
        response: { 201: IncidentComment },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await incidents.addComment(principalOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/incidents/:id/observables',
    {
      schema: {
        tags,
        summary: 'Add an observable (IP, domain, URL, hash, user, device, e-mail) with TLP, PAP and block flag',
        params: IdParams,
        body: CreateObservable,
        response: { 201: IncidentObservable },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await incidents.addObservable(principalOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/incidents/:id/observables/:observableId',
    {
      schema: {
        tags,
        summary: "Change an observable's TLP, PAP or block flag",
        params: ObservableParams,
        body: UpdateObservable,
        response: { 200: IncidentObservable },
      },
    },
    (request) =>
      incidents.updateObservable(principalOf(request), request.params.id, request.params.observableId, request.body),
  );

  app.get(
    '/api/teams',
    {
      schema: {
        tags,
        summary: 'Teams of your departments and the city-wide teams',
        response: { 200: z.array(Team) },
      },
    },
    (request) => teams.list(principalOf(request)),
  );

  app.post(
    '/api/teams',
    {
      schema: {
        tags,
        summary: 'Create a team (a department’s, or city-wide for city-wide roles)',
        body: CreateTeam,
        response: { 201: Team },
      },
    },
    async (request, reply) => reply.status(201).send(await teams.create(principalOf(request), request.body)),
  );
}
