import { AuthenticationError, NotAllowedError } from '@citysoc/core';
import type { Authenticate } from '../../platform/http/request-auth.ts';
import { csrfMatches, type AuthService } from './auth.service.ts';
import type { TokensService } from './tokens.service.ts';

export const SESSION_COOKIE = 'citysoc_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Login creates the session, so it cannot carry that session's CSRF token; SameSite=Strict covers it. */
const CSRF_EXEMPT = new Set(['/api/auth/login']);

/**
 * Resolves a request's principal from a bearer token or the session cookie. Bearer requests need no CSRF
 * token (browsers never attach them on their own); cookie requests that change state must echo the
 * session's CSRF token in `X-CSRF-Token`.
 */
export function createAuthenticate(auth: AuthService, tokens: TokensService): Authenticate {
  return async (request) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
      return { principal: await tokens.authenticate(match[1]), via: 'token' };
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId) return null;
    const session = await auth.resolveSession(sessionId);
    if (!session) return null;
    const path = request.url.split('?')[0] ?? '';
    if (!SAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(path)) {
      const presented = request.headers[CSRF_HEADER];
      if (!csrfMatches(session.csrfToken, typeof presented === 'string' ? presented : undefined)) {
        throw new NotAllowedError('Missing or invalid CSRF token (send the X-CSRF-Token header)');
      }
    }
    return { principal: session.principal, via: 'session', sessionIdHash: session.idHash };
  };
}
