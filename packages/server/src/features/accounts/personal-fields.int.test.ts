import { randomBytes } from 'node:crypto';
import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices } from '../../main.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { createSecretBox } from '../../platform/secret-box.ts';
import { createApp } from '../../server.ts';
import { bearer } from '../../testing/bearer.ts';
import { createTestCity, TEST_PASSWORD, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { createAuthService, createPersonalFields, createUsersService } from './index.ts';

const NAME = 'Alice Wonderland-Liddell';

describe.each(testDatabaseKinds())('personal fields encrypted at rest on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
  });
  afterEach(() => city.dispose());

  const db = () => city.services.store.db;
  const storedName = async (username: string) =>
    (await db().selectFrom('users').select('display_name').where('username', '=', username).executeTakeFirstOrThrow())
      .display_name;
  const storedAddresses = async () =>
    (await db().selectFrom('sessions').select('client_address').execute()).map((r) => r.client_address);
  const createAlice = () =>
    city.services.users.create(SYSTEM_PRINCIPAL, {
      username: 'alice',
      displayName: NAME,
      password: TEST_PASSWORD,
      role: 'sysadmin',
      departmentIds: ['water'],
    });

  it('stores display names sealed, and serves them opened over the API', async () => {
    const alice = await createAlice();
    const stored = await storedName('alice');
    expect(stored).toMatch(/^enc:v1:/);
    expect(stored).not.toContain('Alice');

    const app: HttpServer = await createApp(city.services);
    try {
      const admin = await bearer(city.services, 'admin');
      const one = await app.inject({ url: `/api/users/${alice.id}`, headers: admin });
      expect(one.json()).toMatchObject({ username: 'alice', displayName: NAME });
      const renamed = await app.inject({
        method: 'PATCH',
        url: `/api/users/${alice.id}`,
        headers: admin,
        payload: { displayName: 'Alice L.' },
      });
      expect(renamed.json()).toMatchObject({ displayName: 'Alice L.' });
      expect(await storedName('alice')).toMatch(/^enc:v1:/);
      const list = await app.inject({ url: '/api/users', headers: admin });
      expect((list.json() as { username: string; displayName: string }[]).find((u) => u.username === 'alice')).toEqual(
        expect.objectContaining({ displayName: 'Alice L.' }),
      );
    } finally {
      await app.close();
    }
  });

  it('logs in by the plaintext username and seals the session address', async () => {
    await createAlice();
    const { info } = await city.services.auth.login({ username: 'alice', password: TEST_PASSWORD }, '198.51.100.7');
    expect(info.user.displayName).toBe(NAME);
    const [address] = await storedAddresses();
    expect(address).toMatch(/^enc:v1:/);
    expect(address).not.toContain('198.51.100.7');
  });

  it('seals names and addresses stored in plaintext by an earlier version at the next start', async () => {
    await createAlice();
    await city.services.auth.login({ username: 'alice', password: TEST_PASSWORD }, '198.51.100.7');
    await db().updateTable('users').set({ display_name: NAME }).where('username', '=', 'alice').execute();
    await db().updateTable('sessions').set({ client_address: '198.51.100.7' }).execute();
    // A legacy plaintext row still reads correctly before it is sealed.
    const before = await city.services.users.list(SYSTEM_PRINCIPAL);
    expect(before.find((u) => u.username === 'alice')?.displayName).toBe(NAME);

    const reopened = await openServices(city.services.config);
    try {
      expect(await storedName('alice')).toMatch(/^enc:v1:/);
      expect(await storedAddresses()).toEqual([expect.stringMatching(/^enc:v1:/)]);
      expect(await reopened.users.sealStoredPersonalFields()).toEqual({ displayNames: 0, clientAddresses: 0 });
      const after = await reopened.users.list(SYSTEM_PRINCIPAL);
      expect(after.find((u) => u.username === 'alice')?.displayName).toBe(NAME);
    } finally {
      await reopened.close();
    }
  });

  it('under another key, falls back to the username and still lets people sign in', async () => {
    await createAlice();
    const personal = createPersonalFields(createSecretBox(randomBytes(32)));
    const deps = { ...city.services, personal };
    const users = createUsersService(deps);
    const alice = (await users.list(SYSTEM_PRINCIPAL)).find((u) => u.username === 'alice');
    expect(alice?.displayName).toBe('alice');
    expect(personal.unreadable.display_name).toBeGreaterThan(0);
    const auth = createAuthService({
      ...deps,
      sessionTtlHours: 1,
      throttle: { maxFailuresPerUser: 5, maxFailuresPerAddress: 5, windowMinutes: 1 },
    });
    const { info } = await auth.login({ username: 'alice', password: TEST_PASSWORD }, '203.0.113.9');
    expect(info.user.username).toBe('alice');
  });
});
