import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

/** Reads a Server-Sent Events stream and collects the event names it delivers. */
async function openStream(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const names: string[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        for (const match of decoder.decode(value).matchAll(/^event: (\w+)$/gm)) names.push(match[1]!);
      }
    } catch {
      // aborted
    }
  })();
  return { response, names, close: () => controller.abort() };
}

const until = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
};

describe.each(testDatabaseKinds())('live updates on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let url: string;

  beforeEach(async () => {
    city = await createTestCity(kind);
    app = await createApp(city.services);
    url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/api/live`;
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  const token = async (departmentId: string | null) =>
    (
      await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: `r-${departmentId}`,
        scope: 'read',
        departmentId,
        expiresInDays: null,
      })
    ).token;

  it('streams a coalesced change signal after events are committed', async () => {
    const stream = await openStream(url, await token(null));
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    for (let i = 0; i < 5; i++) {
      await city.services.ingest.ingest({ channel: 'http', departmentId: null, format: 'ndjson' }, ['{"message":"x"}']);
    }
    await until(() => stream.names.includes('events'));
    expect(stream.names.filter((n) => n === 'events')).toHaveLength(1);
    stream.close();
  });

  it("does not tell a department about another department's changes", async () => {
    const energy = await openStream(url, await token('energy'));
    const water = await openStream(url, await token('water'));
    await city.services.departments.update(SYSTEM_PRINCIPAL, 'water', { name: 'Water and Sewage' });
    await until(() => water.names.includes('audit'));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(water.names).toContain('audit');
    expect(energy.names).not.toContain('audit');
    energy.close();
    water.close();
  });

  it("announces a change of the city's stance to everyone, a department's only to its readers", async () => {
    const energy = await openStream(url, await token('energy'));
    const water = await openStream(url, await token('water'));
    await city.services.bus.publish('stance.changed', { scope: 'water', level: 3 });
    await until(() => water.names.includes('stance'));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(energy.names).not.toContain('stance');
    await city.services.bus.publish('stance.changed', { scope: '*', level: 2 });
    await until(() => energy.names.includes('stance'));
    expect(energy.names).toContain('stance');
    energy.close();
    water.close();
  });

  it('ends open streams when the server closes, instead of waiting for them', async () => {
    const stream = await openStream(url, await token(null));
    await app.close();
    expect(city.services.live.size).toBe(0);
    stream.close();
  });

  it('refuses the stream without credentials', async () => {
    expect((await fetch(url)).status).toBe(401);
  });
});
