import path from 'node:path';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import { replayFile } from './file-replay.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

const SHARED = path.resolve(import.meta.dirname, '../../../../../../shared/data');
const EVE = readFileSync(path.join(SHARED, 'suricata-eve/surevego-eve.ndjson'), 'utf8');
const EVE_BROKEN = readFileSync(path.join(SHARED, 'suricata-eve/surevego-eve_broken.ndjson'), 'utf8');

describe.each(testDatabaseKinds())('HTTP ingest on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let token: string;

  beforeEach(async () => {
    city = await createTestCity(kind, { ingestMaxEventBytes: 4096 });
    app = await createApp(city.services);
    token = (
      await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 'shipper',
        scope: 'ingest',
        departmentId: 'water',
        expiresInDays: null,
      })
    ).token;
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  const post = (payload: string, contentType = 'application/x-ndjson', query = '') =>
    app.inject({
      method: 'POST',
      url: `/api/ingest${query}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload,
    });

  it('stores a real Suricata EVE file and answers 202 with the count, after commit', async () => {
    const lines = EVE.split('\n').filter((l) => l.trim() !== '').length;
    const response = await post(EVE);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: lines, rejected: 0, errors: [] });
    expect(await city.services.events.count(SYSTEM_PRINCIPAL)).toBe(lines);
  });

  it('rejects only the malformed lines of the broken sample, naming each line', async () => {
    const response = await post(EVE_BROKEN);
    const body = response.json() as { accepted: number; rejected: number; errors: { line: number; reason: string }[] };
    expect(body.rejected).toBe(6);
    expect(body.errors.map((e) => e.line)).toEqual([1, 4, 5, 104, 160, 270]);
    expect(body.errors[0]?.reason).toBe('not a JSON object');
    expect(body.errors[1]?.reason).toMatch(/invalid JSON: Expected ','/);
    expect(body.accepted).toBe(EVE_BROKEN.split('\n').filter((l) => l.trim() !== '').length - 6);
    const stats = city.services.ingest.stats();
    expect(stats.totals).toMatchObject({ rejected: 6, accepted: body.accepted });
    await expect.poll(async () => (await city.services.ingest.rejections(SYSTEM_PRINCIPAL, 10)).length).toBe(6);
  });

  it('stores a replayed Zeek TSV log as zeek events, as `citysoc ingest` does', async () => {
    const file = path.join(SHARED, 'stratosphere-labelled-zeek/005-zeek-scenario-malicious/dns.log');
    let accepted = 0;
    for await (const batch of replayFile(file, 250)) {
      const result = await city.services.ingest.ingest(
        { channel: 'file', departmentId: 'water', format: batch.format },
        batch.records,
      );
      expect(result.rejected).toBe(0);
      accepted += result.accepted;
    }
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(accepted).toBe(rows.length);
    const { events } = await city.services.events.search(SYSTEM_PRINCIPAL, {
      query: 'dns.question.name:dns.msftncsi.com',
      limit: 10,
    });
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ source: 'zeek' });
  });

  it('stamps the token department on every event', async () => {
    await post('{"device_id":"meter-1","metric":"flow","value":3.2,"unit":"m3/h","ts":"2026-03-01T10:00:00Z"}');
    const { events } = await city.services.events.search(SYSTEM_PRINCIPAL, { query: 'device.id:meter-1', limit: 10 });
    expect(events[0]?.departmentId).toBe('water');
  });

  it('takes a JSON array and plain text lines', async () => {
    const array = await post(JSON.stringify([{ a: 1 }, { b: 2 }, 3]), 'application/json');
    expect(array.json()).toMatchObject({
      accepted: 2,
      rejected: 1,
      errors: [{ line: 3, reason: 'not a JSON object' }],
    });
    const text = await post(
      '<34>Oct 11 22:14:15 mymachine su: su root failed on /dev/pts/8\nplain words\n',
      'text/plain',
    );
    expect(text.json()).toMatchObject({ accepted: 2, rejected: 0 });
  });

  it('parses with the named log source and refuses an unknown one', async () => {
    const response = await post('{"x":1}', 'application/x-ndjson', '?source=nope');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { message: expect.stringContaining('Unknown log source') } });
  });

  it('refuses documents nested deeper than 64 levels, as a JSON array or as NDJSON', async () => {
    let deep = '1';
    for (let i = 0; i < 20_000; i += 1) deep = `{"a":${deep}}`;
    const asArray = await post(`[${deep},{"ok":true}]`, 'application/json');
    expect(asArray.json()).toMatchObject({
      accepted: 1,
      rejected: 1,
      errors: [{ line: 1, reason: 'JSON nested deeper than 64' }],
    });
    const asLine = await post(deep);
    expect(asLine.json()).toMatchObject({ accepted: 0, rejected: 1 });
  });

  it('rejects an oversized event with the reason and keeps the rest', async () => {
    const response = await post(`{"big":"${'x'.repeat(5000)}"}\n{"small":true}`);
    expect(response.json()).toMatchObject({
      accepted: 1,
      rejected: 1,
      errors: [{ line: 1, reason: expect.stringMatching(/larger than 4096/) }],
    });
  });

  it('refuses tokens without the ingest scope and requests without a token', async () => {
    const { token: reader } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
      name: 'reader',
      scope: 'read',
      departmentId: null,
      expiresInDays: null,
    });
    const forbidden = await app.inject({
      method: 'POST',
      url: '/api/ingest',
      headers: { authorization: `Bearer ${reader}`, 'content-type': 'application/x-ndjson' },
      payload: '{}',
    });
    expect(forbidden.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'POST', url: '/api/ingest', payload: {} });
    expect(anonymous.statusCode).toBe(401);
    expect(await city.services.events.count(SYSTEM_PRINCIPAL)).toBe(0);
  });
});

describe.each(testDatabaseKinds())('ingest queue bound on $kind', (kind) => {
  it('refuses a batch that would overflow the queue while earlier ones wait for their commit', async () => {
    const city = await createTestCity(kind, { ingestMaxQueuedEvents: 50 });
    const batch = Array.from({ length: 40 }, (_, i) => JSON.stringify({ n: i }));
    const context = { channel: 'http' as const, departmentId: null, format: 'ndjson' as const };
    // Both batches reach the writer before its first commit starts: the second would make 80 > 50.
    const [first, second] = await Promise.allSettled([
      city.services.ingest.ingest(context, batch),
      city.services.ingest.ingest(context, batch),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { accepted: 40 } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'rate_limited', retryAfterSeconds: 1 } });
    // Once committed the queue is empty again and takes the next batch.
    await expect(city.services.ingest.ingest(context, batch)).resolves.toMatchObject({ accepted: 40 });
    expect(await city.services.events.count(SYSTEM_PRINCIPAL)).toBe(80);
    await city.dispose();
  });
});

// PostgreSQL waits for a lock without blocking Node (better-sqlite3 waits synchronously), so a held table lock
// is a faithful stand-in for a store that cannot keep up.
describe.each(testDatabaseKinds().filter((k) => k.kind === 'postgres'))('ingest overload on $kind', (kind) => {
  it('answers 429 with Retry-After while the store is blocked, and recovers without losing what it acknowledged', async () => {
    const city = await createTestCity(kind, { ingestMaxQueuedEvents: 50 });
    const app = await createApp(city.services);
    const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
      name: 'shipper',
      scope: 'ingest',
      departmentId: null,
      expiresInDays: null,
    });
    const send = (n: number) =>
      app.inject({
        method: 'POST',
        url: '/api/ingest',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        payload: Array.from({ length: n }, (_, i) => JSON.stringify({ n: i })).join('\n'),
      });
    const blocker = new pg.Client({ connectionString: city.services.config.databaseUrl });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table events in exclusive mode');
    const first = send(40);
    await expect.poll(() => city.services.ingest.stats().writer.queuedEvents).toBe(40);
    const refused = await send(40);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    await blocker.query('commit');
    await blocker.end();
    expect((await first).statusCode).toBe(202);
    expect((await send(40)).statusCode).toBe(202);
    expect(await city.services.events.count(SYSTEM_PRINCIPAL)).toBe(80);
    await app.close();
    await city.dispose();
  });
});
