import { randomUUID } from 'node:crypto';
import {
  type ApiToken,
  AuthenticationError,
  ConflictError,
  type CreateApiToken,
  type CreatedApiToken,
  InputError,
  NotFoundError,
  type Principal,
  requireDepartment,
  requirePermission,
  tokenPrincipal,
} from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import { storeUnavailable } from '../../platform/db/availability-errors.ts';
import type { Store } from '../../platform/db/database.ts';
import { constraintViolation } from '../../platform/db/constraint-errors.ts';
import type { AuditLog } from '../audit/index.ts';
import { randomSecret, secretDigest } from './secrets.ts';
import {
  countActiveTokens,
  findToken,
  findTokenByHash,
  insertToken,
  listTokens,
  markTokenRevoked,
  markTokenUsed,
} from './tokens.repository.ts';

/** Every CitySOC token starts with this, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'cst_';
/**
 * A verified token is trusted for this long without asking the database again; last_used_at is written at most
 * this often, so authentication does not write on every request.
 */
const VERIFIED_FOR_MS = 60_000;
/**
 * While the database cannot be reached (a restart, a failover), a token verified this recently is still accepted:
 * log shippers keep sending into the event stream, which holds the events until the detect nodes can store them.
 * A token cannot be revoked meanwhile (revoking needs the database), and a revocation reaches every node's cache
 * through the bus at once.
 */
const TRUSTED_WHILE_UNAVAILABLE_MS = 15 * 60_000;
const TOKENS_CHANGED = 'tokens.changed';
/** Bounds the cache: a flood of distinct valid tokens cannot grow it without limit. */
const MAX_VERIFIED_TOKENS = 10_000;

export interface TokensService {
  list(actor: Principal): Promise<ApiToken[]>;
  countActive(actor: Principal): Promise<number>;
  create(actor: Principal, input: CreateApiToken): Promise<CreatedApiToken>;
  revoke(actor: Principal, id: string): Promise<ApiToken>;
  /** The principal behind a bearer secret; AuthenticationError when unknown, revoked or expired. */
  authenticate(secret: string): Promise<Principal>;
}

export function createTokensService(deps: {
  store: Store;
  audit: AuditLog;
  bus: Bus;
  now?: () => Date;
}): TokensService {
  const { store, audit, bus } = deps;
  const now = deps.now ?? (() => new Date());
  /** Tokens verified against the database, by secret digest, with when. */
  const verified = new Map<string, { token: ApiToken; at: number }>();
  bus.subscribe(TOKENS_CHANGED, () => verified.clear());

  function principalOf(token: ApiToken, at: Date, invalid: AuthenticationError): Principal {
    if (token.revokedAt !== null) throw invalid;
    if (token.expiresAt !== null && token.expiresAt <= at.toISOString()) throw invalid;
    return tokenPrincipal(token);
  }

  return {
    list(actor) {
      requirePermission(actor, 'tokens.manage');
      return listTokens(store.db, actor.departments);
    },

    countActive(actor) {
      requirePermission(actor, 'tokens.manage');
      return countActiveTokens(store.db, actor.departments, now().toISOString());
    },

    async create(actor, input) {
      requirePermission(actor, 'tokens.manage');
      if (input.departmentId === null && !actor.departments.all) {
        throw new InputError('A department is required: you may only create tokens for your departments');
      }
      if (input.departmentId !== null)
        requireDepartment(actor, input.departmentId, `Department '${input.departmentId}'`);
      if (input.scope === 'admin' && !actor.departments.all) {
        throw new InputError('Only city-wide administrators may create admin tokens');
      }
      const secret = randomSecret(TOKEN_PREFIX);
      const at = now();
      try {
        return await audit.transact(actor, async (trx, record) => {
          const apiToken = await insertToken(trx, {
            id: randomUUID(),
            name: input.name,
            prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
            token_hash: secretDigest(secret),
            scope: input.scope,
            department_id: input.departmentId,
            created_by: actor.name,
            created_at: at.toISOString(),
            expires_at:
              input.expiresInDays === null
                ? null
                : new Date(at.getTime() + input.expiresInDays * 86_400_000).toISOString(),
            revoked_at: null,
            last_used_at: null,
          });
          record({
            action: 'token.create',
            targetType: 'api_token',
            targetId: apiToken.id,
            departmentId: apiToken.departmentId,
            after: apiToken,
            details: { name: apiToken.name, scope: apiToken.scope, expiresAt: apiToken.expiresAt },
          });
          return { token: secret, apiToken };
        });
      } catch (error) {
        if (constraintViolation(error) === 'foreign_key') {
          throw new InputError(`Department '${input.departmentId ?? ''}' does not exist`);
        }
        throw error;
      }
    },

    async revoke(actor, id) {
      requirePermission(actor, 'tokens.manage');
      const revoked = await audit.transact(actor, async (trx, record) => {
        const before = await findToken(trx, actor.departments, id);
        if (!before) throw new NotFoundError(`Token '${id}' not found`);
        if (before.revokedAt !== null) throw new ConflictError(`Token '${id}' is already revoked`);
        await markTokenRevoked(trx, id, now().toISOString());
        const after = (await findToken(trx, actor.departments, id)) as ApiToken;
        record({
          action: 'token.revoke',
          targetType: 'api_token',
          targetId: id,
          departmentId: after.departmentId,
          before,
          after,
          details: { name: after.name, scope: after.scope },
        });
        return after;
      });
      // Every node drops the tokens it verified: the revoked one stops working everywhere now, not in a minute.
      await bus.publish(TOKENS_CHANGED, { id });
      return revoked;
    },

    async authenticate(secret) {
      const invalid = new AuthenticationError('Invalid, expired or revoked API token');
      if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) throw invalid;
      const digest = secretDigest(secret);
      const at = now();
      const known = verified.get(digest);
      if (known && at.getTime() - known.at < VERIFIED_FOR_MS) return principalOf(known.token, at, invalid);
      let token: ApiToken | undefined;
      try {
        token = await findTokenByHash(store.db, digest);
        const lastUsed = token?.lastUsedAt ? Date.parse(token.lastUsedAt) : 0;
        if (token && token.revokedAt === null && at.getTime() - lastUsed >= VERIFIED_FOR_MS) {
          await markTokenUsed(store.db, token.id, at.toISOString());
        }
      } catch (error) {
        if (known && storeUnavailable(error) && at.getTime() - known.at < TRUSTED_WHILE_UNAVAILABLE_MS) {
          return principalOf(known.token, at, invalid);
        }
        throw error;
      }
      if (!token) throw invalid;
      if (verified.size >= MAX_VERIFIED_TOKENS) verified.clear();
      verified.set(digest, { token, at: at.getTime() });
      return principalOf(token, at, invalid);
    },
  };
}
