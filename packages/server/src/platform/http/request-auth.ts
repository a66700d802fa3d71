import { AuthenticationError, type Principal } from '@citysoc/core';
import type { FastifyRequest } from 'fastify';

/** How a request was authenticated. Set by the authentication hook, read by handlers via `principalOf`. */
export interface RequestAuth {
  readonly principal: Principal;
  readonly via: 'session' | 'token';
  /** Present for sessions: the hash that identifies the session row (for logout). */
  readonly sessionIdHash?: string;
}

/**
 * Resolves a request's credentials. Returns null when it carries none; throws AuthenticationError when it
 * carries credentials that are wrong, expired or revoked (or a session request fails its CSRF check).
 */
export type Authenticate = (request: FastifyRequest) => Promise<RequestAuth | null>;

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}

/** The authenticated caller, or AuthenticationError: the guard for every protected handler. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.auth) throw new AuthenticationError('Authentication required');
  return request.auth.principal;
}
