import { CreateUser, RoleInfo, UpdateUser, User, ROLES } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { UsersService } from './users.service.ts';

const IdParams = z.strictObject({ id: z.string().min(1).max(100) });

export function registerUsersRoutes(app: HttpServer, deps: { users: UsersService }): void {
  const { users } = deps;

  app.get(
    '/api/roles',
    { schema: { tags: ['users'], summary: 'Roles and what each may do', response: { 200: z.array(RoleInfo) } } },
    (request) => {
      principalOf(request);
      return Object.values(ROLES);
    },
  );

  app.get(
    '/api/users',
    { schema: { tags: ['users'], summary: 'Users in your departments', response: { 200: z.array(User) } } },
    (request) => users.list(principalOf(request)),
  );

  app.get('/api/users/:id', { schema: { tags: ['users'], params: IdParams, response: { 200: User } } }, (request) =>
    users.get(principalOf(request), request.params.id),
  );

  app.post(
    '/api/users',
    { schema: { tags: ['users'], summary: 'Create a user', body: CreateUser, response: { 201: User } } },
    async (request, reply) => reply.status(201).send(await users.create(principalOf(request), request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change role, grants, password or disable',
        params: IdParams,
        body: UpdateUser,
        response: { 200: User },
      },
    },
    (request) => users.update(principalOf(request), request.params.id, request.body),
  );
}
