import { AuthenticationError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

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
  let admin: pg.Client;
  let name: string;
  beforeEach(async () => {
    city = await createTestCity(postgres!);
    name = new URL(city.services.config.databaseUrl).pathname.slice(1);
    admin = new pg.Client({ connectionString: process.env.CITYSOC_TEST_DATABASE_URL });
    await admin.connect();
  });
  afterEach(async () => {
    await admin.query(`alter database ${name} allow_connections true`);
    await admin.end();
    await city.dispose();
  });

  async function takeDatabaseAway(): Promise<void> {
    await admin.query(`alter database ${name} allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
  }

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
      await takeDatabaseAway();
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
