import { AuthenticationError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { takeDatabaseAway, testDatabaseKinds } from '../../testing/test-databases.ts';

const postgres = testDatabaseKinds().find((kind) => kind.kind === 'postgres');

describe.each(testDatabaseKinds())('verified API tokens on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
  });
  afterEach(() => city.dispose());

  it('stops accepting a token the moment it is revoked, though it was verified a moment ago', async () => {
    const { token, apiToken } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
      name: 'shipper',
      scope: 'ingest',
      departmentId: 'water',
      expiresInDays: null,
    });
    await city.services.tokens.authenticate(token);
    await city.services.tokens.revoke(SYSTEM_PRINCIPAL, apiToken.id);
    await expect(city.services.tokens.authenticate(token)).rejects.toThrow(AuthenticationError);
  });
});

/**
 * A database restart as the nodes see it: every session ends and no new one is let in. PostgreSQL only: SQLite is a
 * file in the process, and is never away.
 */
describe.runIf(postgres !== undefined)('while PostgreSQL is away', () => {
  let city: TestCity;
  let outage: { bringBack(): Promise<void> } | null = null;
  beforeEach(async () => {
    city = await createTestCity(postgres!);
  });
  afterEach(async () => {
    await outage?.bringBack();
    outage = null;
    await city.dispose();
  });

  it('answers 503 with Retry-After instead of a fault, and accepts a recently verified ingest token', async () => {
    const create = (label: string) =>
      city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: label,
        scope: 'ingest',
        departmentId: null,
        expiresInDays: null,
      });
    const verified = (await create('verified')).token;
    const unverified = (await create('unverified')).token;
    await city.services.tokens.authenticate(verified);
    const app = await createApp(city.services);
    try {
      outage = await takeDatabaseAway(city.services.config.databaseUrl);
      const stats = await app.inject({ url: '/api/ingest/stats', headers: { authorization: `Bearer ${unverified}` } });
      expect(stats.statusCode).toBe(503);
      expect(stats.headers['retry-after']).toBe('5');
      expect(stats.json()).toEqual({
        error: { code: 'unavailable', message: 'The database is unavailable; retry shortly' },
      });
      await expect(city.services.tokens.authenticate(verified)).resolves.toMatchObject({ kind: 'token' });
      await expect(city.services.tokens.authenticate('cst_unknown')).rejects.not.toBeInstanceOf(AuthenticationError);
    } finally {
      await app.close();
    }
  });
});
