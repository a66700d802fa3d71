import {
  AuthenticationError,
  type LoginRequest,
  type Principal,
  ROLES,
  type SessionInfo,
  userPrincipal,
} from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuditLog } from '../audit/index.ts';
import type { PersonalFields } from './personal-fields.ts';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.ts';
import { decoyPasswordHash, randomSecret, sameSecret, secretDigest, verifyPassword } from './secrets.ts';
import { deleteSession, findSession, insertSession, touchSession } from './sessions.repository.ts';
import { findUserById, findUserByUsername, updateUserRow } from './users.repository.ts';

export const INVALID_LOGIN = 'Invalid username or password';

export interface AuthSession {
  /** The secret for the cookie: only its digest is stored. */
  sessionId: string;
  info: SessionInfo;
}

export interface ResolvedSession {
  principal: Principal;
  idHash: string;
  csrfToken: string;
  info: SessionInfo;
}

export interface AuthService {
  login(input: LoginRequest, clientAddress: string): Promise<AuthSession>;
  /** The live session behind a cookie value, or null when it is unknown or expired. */
  resolveSession(sessionId: string): Promise<ResolvedSession | null>;
  logout(idHash: string, actor: Principal): Promise<void>;
}

export function createAuthService(deps: {
  store: Store;
  audit: AuditLog;
  log: Logger;
  /** Seals the address each session is opened from, and opens users' display names. */
  personal: PersonalFields;
  sessionTtlHours: number;
  throttle: LoginThrottleOptions;
  now?: () => Date;
}): AuthService {
  const { store, audit, log, personal: fields } = deps;
  const now = deps.now ?? (() => new Date());
  const ttlMs = deps.sessionTtlHours * 3_600_000;
  const throttle = new LoginThrottle(deps.throttle);

  async function sessionInfo(userId: string, csrfToken: string, expiresAt: string): Promise<SessionInfo | null> {
    const stored = await findUserById(store.db, userId, fields);
    if (!stored || stored.disabled) return null;
    const { passwordHash: _hash, ...user } = stored;
    const principal = userPrincipal(user);
    return {
      user,
      permissions: [...principal.permissions],
      cityWide: ROLES[user.role].cityWide,
      csrfToken,
      expiresAt,
    };
  }

  return {
    async login(input, clientAddress) {
      await throttle.check(input.username, clientAddress);
      const user = await findUserByUsername(store.db, input.username, fields);
      // Verify against a decoy when the user is unknown or disabled: the answer and its timing are the same.
      const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
      if (!user || user.disabled || !valid) {
        await throttle.recordFailure(input.username, clientAddress);
        log.warn({ username: input.username, clientAddress }, 'failed login');
        throw new AuthenticationError(INVALID_LOGIN);
      }
      await throttle.recordSuccess(input.username);

      const sessionId = randomSecret('', 32);
      const csrfToken = randomSecret('', 24);
      const at = now();
      const expiresAt = new Date(at.getTime() + ttlMs).toISOString();
      const principal = userPrincipal(user);
      await audit.transact(principal, async (trx, record) => {
        await insertSession(
          trx,
          {
            id_hash: secretDigest(sessionId),
            user_id: user.id,
            csrf_token: csrfToken,
            created_at: at.toISOString(),
            expires_at: expiresAt,
            last_seen_at: at.toISOString(),
            client_address: clientAddress,
          },
          fields,
        );
        await updateUserRow(trx, user.id, { last_login_at: at.toISOString() }, fields);
        record({
          action: 'session.login',
          targetType: 'user',
          targetId: user.id,
          departmentId: user.departmentIds[0] ?? null,
          details: { username: user.username, clientAddress },
        });
      });
      const info = await sessionInfo(user.id, csrfToken, expiresAt);
      if (!info) throw new AuthenticationError(INVALID_LOGIN);
      return { sessionId, info };
    },

    async resolveSession(sessionId) {
      if (sessionId.length === 0 || sessionId.length > 200) return null;
      const idHash = secretDigest(sessionId);
      const row = await findSession(store.db, idHash);
      const at = now();
      if (!row || row.expires_at <= at.toISOString()) return null;
      // Sliding expiry, written at most once a minute per session.
      let expiresAt = row.expires_at;
      if (at.getTime() - Date.parse(row.last_seen_at) > 60_000) {
        expiresAt = new Date(at.getTime() + ttlMs).toISOString();
        await touchSession(store.db, idHash, at.toISOString(), expiresAt);
      }
      const info = await sessionInfo(row.user_id, row.csrf_token, expiresAt);
      if (!info) return null;
      return { principal: userPrincipal(info.user), idHash, csrfToken: row.csrf_token, info };
    },

    async logout(idHash, actor) {
      await audit.transact(actor, async (trx, record) => {
        await deleteSession(trx, idHash);
        record({
          action: 'session.logout',
          targetType: 'user',
          targetId: actor.id,
          departmentId: null,
          details: { username: actor.name },
        });
      });
    },
  };
}

/** Constant-time CSRF comparison, exported for the HTTP authentication hook. */
export function csrfMatches(expected: string, presented: string | undefined): boolean {
  return presented !== undefined && sameSecret(expected, presented);
}
