import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  RateLimitedError,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, TEST_PASSWORD, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

describe.each(testDatabaseKinds())('accounts on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind, { loginMaxFailuresPerUser: 3, loginMaxFailuresPerAddress: 5 });
  });
  afterEach(() => city.dispose());

  describe('users', () => {
    it('stores an argon2id hash, never the password', async () => {
      await city.addUser('alice', 'sysadmin', ['water']);
      const row = await city.services.store.db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'alice')
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(TEST_PASSWORD);
    });

    it('refuses a duplicate username and an unknown department, writing nothing', async () => {
      await city.addUser('alice', 'sysadmin', ['water']);
      await expect(city.addUser('alice', 'auditor')).rejects.toThrow(ConflictError);
      await expect(city.addUser('bob', 'auditor', ['atlantis'])).rejects.toThrow(InputError);
      expect((await city.services.users.list(SYSTEM_PRINCIPAL)).map((u) => u.username)).toEqual(['alice']);
    });

    it('shows a scoped auditor only the users of their departments', async () => {
      await city.addUser('wsys', 'sysadmin', ['water']);
      await city.addUser('esys', 'sysadmin', ['energy']);
      const auditor = await city.addUser('audit-w', 'auditor', ['water']);
      expect((await city.services.users.list(auditor)).map((u) => u.username)).toEqual(['audit-w', 'wsys']);
      const energyUser = (await city.services.users.list(SYSTEM_PRINCIPAL)).find((u) => u.username === 'esys')!;
      await expect(city.services.users.get(auditor, energyUser.id)).rejects.toThrow(NotFoundError);
    });

    it('never leaves the city without an active administrator', async () => {
      await city.services.users.ensureInitialAdmin('an-admin-password');
      const admin = (await city.services.users.list(SYSTEM_PRINCIPAL)).find((u) => u.role === 'admin')!;
      await expect(city.services.users.update(SYSTEM_PRINCIPAL, admin.id, { disabled: true })).rejects.toThrow(
        ConflictError,
      );
      await expect(city.services.users.update(SYSTEM_PRINCIPAL, admin.id, { role: 'cio' })).rejects.toThrow(
        ConflictError,
      );
    });

    it('creates the first administrator once, with a generated password when none is configured', async () => {
      const first = await city.services.users.ensureInitialAdmin('');
      expect(first.created).toBe(true);
      expect(first.generatedPassword).toHaveLength(24);
      await city.services.auth.login({ username: 'admin', password: first.generatedPassword! }, '127.0.0.1');
      expect(await city.services.users.ensureInitialAdmin('')).toEqual({ created: false, generatedPassword: null });
    });

    it('refuses a configured administrator password that is too short', async () => {
      await expect(city.services.users.ensureInitialAdmin('short')).rejects.toThrow(/CITYSOC_ADMIN_PASSWORD/);
    });
  });

  describe('login', () => {
    it('opens a session that resolves to the user with their grants', async () => {
      await city.addUser('alice', 'sysadmin', ['water']);
      const { sessionId, info } = await city.services.auth.login({ username: 'alice', password: TEST_PASSWORD }, 'a1');
      expect(info.user.departmentIds).toEqual(['water']);
      const resolved = await city.services.auth.resolveSession(sessionId);
      expect(resolved?.principal.departments).toEqual({ all: false, ids: ['water'] });
    });

    it('answers a wrong password and an unknown user with the same error', async () => {
      await city.addUser('alice', 'sysadmin');
      const wrong = city.services.auth.login({ username: 'alice', password: 'wrong-password-1' }, 'a1');
      const unknown = city.services.auth.login({ username: 'nobody', password: 'wrong-password-1' }, 'a1');
      const [a, b] = await Promise.allSettled([wrong, unknown]);
      expect(a.status === 'rejected' && a.reason).toBeInstanceOf(AuthenticationError);
      expect(b.status === 'rejected' && (b.reason as Error).message).toBe((a as PromiseRejectedResult).reason.message);
    });

    it('refuses a disabled user and ends their sessions', async () => {
      await city.addUser('alice', 'sysadmin');
      const { sessionId, info } = await city.services.auth.login({ username: 'alice', password: TEST_PASSWORD }, 'a1');
      await city.services.users.update(SYSTEM_PRINCIPAL, info.user.id, { disabled: true });
      expect(await city.services.auth.resolveSession(sessionId)).toBeNull();
      await expect(city.services.auth.login({ username: 'alice', password: TEST_PASSWORD }, 'a1')).rejects.toThrow(
        AuthenticationError,
      );
    });

    it('throttles a username after repeated failures, even with the right password', async () => {
      await city.addUser('alice', 'sysadmin');
      for (let i = 0; i < 3; i += 1) {
        await expect(
          city.services.auth.login({ username: 'alice', password: 'wrong-password-1' }, `addr${i}`),
        ).rejects.toThrow(AuthenticationError);
      }
      await expect(city.services.auth.login({ username: 'alice', password: TEST_PASSWORD }, 'addr9')).rejects.toThrow(
        RateLimitedError,
      );
    });

    it('throttles an address that sprays many usernames', async () => {
      for (let i = 0; i < 5; i += 1) {
        await expect(
          city.services.auth.login({ username: `user${i}`, password: 'wrong-password-1' }, 'sprayer'),
        ).rejects.toThrow(AuthenticationError);
      }
      await city.addUser('alice', 'sysadmin');
      await expect(city.services.auth.login({ username: 'alice', password: TEST_PASSWORD }, 'sprayer')).rejects.toThrow(
        RateLimitedError,
      );
      await city.services.auth.login({ username: 'alice', password: TEST_PASSWORD }, 'elsewhere');
    });
  });

  describe('API tokens', () => {
    it('authenticates a token as its scope and department, and records its use', async () => {
      const { token, apiToken } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 'water reader',
        scope: 'read',
        departmentId: 'water',
        expiresInDays: null,
      });
      expect(token.startsWith('cst_')).toBe(true);
      const principal = await city.services.tokens.authenticate(token);
      expect(principal).toMatchObject({ kind: 'token', departments: { all: false, ids: ['water'] } });
      expect((await city.services.departments.list(principal)).map((d) => d.id)).toEqual(['water']);
      const [listed] = await city.services.tokens.list(SYSTEM_PRINCIPAL);
      expect(listed).toMatchObject({ id: apiToken.id, lastUsedAt: expect.any(String) });
    });

    it('stores only a digest of the secret', async () => {
      const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 't',
        scope: 'ingest',
        departmentId: null,
        expiresInDays: null,
      });
      const rows = await city.services.store.db.selectFrom('api_tokens').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('refuses a revoked token and an unknown one', async () => {
      const { token, apiToken } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 't',
        scope: 'read',
        departmentId: null,
        expiresInDays: null,
      });
      await city.services.tokens.revoke(SYSTEM_PRINCIPAL, apiToken.id);
      await expect(city.services.tokens.authenticate(token)).rejects.toThrow(AuthenticationError);
      await expect(city.services.tokens.authenticate('cst_not-a-token')).rejects.toThrow(AuthenticationError);
      await expect(city.services.tokens.revoke(SYSTEM_PRINCIPAL, apiToken.id)).rejects.toThrow(ConflictError);
    });

    it('refuses an expired token', async () => {
      const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 't',
        scope: 'read',
        departmentId: null,
        expiresInDays: 1,
      });
      await city.services.store.db.updateTable('api_tokens').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
      await expect(city.services.tokens.authenticate(token)).rejects.toThrow(AuthenticationError);
    });

    it('lets only token managers create tokens', async () => {
      const cio = await city.addUser('cio', 'cio');
      await expect(
        city.services.tokens.create(cio, { name: 't', scope: 'read', departmentId: null, expiresInDays: null }),
      ).rejects.toThrow(NotAllowedError);
    });
  });
});
