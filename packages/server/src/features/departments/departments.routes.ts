import { CreateDepartment, Department, DepartmentId, UpdateDepartment } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { DepartmentsService } from './departments.service.ts';

const IdParams = z.strictObject({ id: DepartmentId });

export function registerDepartmentsRoutes(app: HttpServer, deps: { departments: DepartmentsService }): void {
  const { departments } = deps;

  app.get(
    '/api/departments',
    {
      schema: { tags: ['departments'], summary: 'Departments you may see', response: { 200: z.array(Department) } },
    },
    (request) => departments.list(principalOf(request)),
  );

  app.get(
    '/api/departments/:id',
    { schema: { tags: ['departments'], params: IdParams, response: { 200: Department } } },
    (request) => departments.get(principalOf(request), request.params.id),
  );

  app.post(
    '/api/departments',
    { schema: { tags: ['departments'], body: CreateDepartment, response: { 201: Department } } },
    async (request, reply) => reply.status(201).send(await departments.create(principalOf(request), request.body)),
  );

  app.patch(
    '/api/departments/:id',
    { schema: { tags: ['departments'], params: IdParams, body: UpdateDepartment, response: { 200: Department } } },
    (request) => departments.update(principalOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/departments/:id',
    { schema: { tags: ['departments'], params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await departments.remove(principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
