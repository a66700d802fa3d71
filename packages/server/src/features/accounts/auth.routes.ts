import { AuthenticationError, LoginRequest, SessionInfo } from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { AuthService } from './auth.service.ts';
import { SESSION_COOKIE } from './authentication.ts';

export function registerAuthRoutes(app: HttpServer, deps: { auth: AuthService; secureCookies: boolean }): void {
  const { auth } = deps;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies } as const;

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password; sets the session cookie',
        body: LoginRequest,
        response: { 200: SessionInfo },
      },
    },
    async (request, reply) => {
      const { sessionId, info } = await auth.login(request.body, request.ip);
      void reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions);
      return info;
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } } },
    async (request, reply) => {
      const principal = principalOf(request);
      if (request.auth?.sessionIdHash) await auth.logout(request.auth.sessionIdHash, principal);
      void reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user, permissions and CSRF token',
        response: { 200: SessionInfo },
      },
    },
    async (request) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      const session = sessionId ? await auth.resolveSession(sessionId) : null;
      if (!session) throw new AuthenticationError('Not logged in');
      return session.info;
    },
  );
}
