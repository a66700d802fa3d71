import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, runCitysoc, spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../../shared/data/stix2.1/examples');
const RED_CAMPAIGN = 'campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061';
const TAXII = 'application/taxii+json;version=2.1';

describe('TAXII 2.1 between two CitySOC instances', () => {
  let a: SpawnedServer;
  let b: SpawnedServer;
  let aTaxiiToken: string;
  let bReadToken: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([spawnServer(), spawnServer()]);
    [aTaxiiToken, bReadToken] = await Promise.all([createToken(a.dataDir, 'taxii'), createToken(b.dataDir, 'read')]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const taxii = (server: SpawnedServer, token: string, url: string, init: RequestInit = {}) =>
    fetch(new URL(url, server.url), {
      ...init,
      headers: { accept: TAXII, authorization: `Bearer ${token}`, ...init.headers },
    });

  it('serves discovery, collections and objects, and a second city polls them without duplicates', async () => {
    const imported = JSON.parse(
      await runCitysoc(a.dataDir, ['intel', 'import', EXAMPLES, '--source', 'oasis', '--confidence', '70']),
    ) as { objects: number; indicators: number; rejected: number };
    expect(imported.objects).toBeGreaterThan(10);
    expect(imported.indicators).toBeGreaterThan(0);

    const discovery = await taxii(a, aTaxiiToken, '/taxii2/');
    expect(discovery.headers.get('content-type')).toBe(TAXII);
    const { api_roots: roots } = (await discovery.json()) as { api_roots: string[] };
    const root = roots[0]!;
    const { collections } = (await (await taxii(a, aTaxiiToken, `${root}collections/`)).json()) as {
      collections: { id: string; title: string; can_write: boolean }[];
    };
    const oasis = collections.find((c) => c.title.includes('oasis'))!;
    const inbox = collections.find((c) => c.can_write)!;
    expect(oasis).toBeDefined();

    const page = await taxii(a, aTaxiiToken, `${root}collections/${oasis.id}/objects/?limit=5`);
    const first = (await page.json()) as { more: boolean; next?: string; objects: { id: string }[] };
    expect(first.objects.length).toBeLessThanOrEqual(5);
    expect(first.more).toBe(true);
    expect(page.headers.get('x-taxii-date-added-first')).toMatch(/^\d{4}-/);

    const added = JSON.parse(
      await runCitysoc(b.dataDir, [
        'intel',
        'taxii',
        'add',
        'city-a',
        '--url',
        root,
        '--collection',
        oasis.id,
        '--token',
        aTaxiiToken,
      ]),
    ) as { name: string };
    expect(added.name).toBe('city-a');
    const polled = JSON.parse(await runCitysoc(b.dataDir, ['intel', 'taxii', 'poll', 'city-a'])) as { objects: number };
    expect(polled.objects).toBeGreaterThan(10);
    expect(polled.objects).toBeLessThan(imported.objects); // the TLP:RED campaign stays home
    const again = JSON.parse(await runCitysoc(b.dataDir, ['intel', 'taxii', 'poll', 'city-a'])) as { objects: number };
    expect(again.objects).toBe(0);

    const summary = (await (
      await fetch(`${b.url}/api/intel/summary`, { headers: { authorization: `Bearer ${bReadToken}` } })
    ).json()) as { sources: { id: string }[]; indicators: { total: number } };
    expect(summary.sources.map((s) => s.id)).toContain('taxii-city-a');
    expect(summary.indicators.total).toBe(imported.indicators);

    const red = await taxii(a, aTaxiiToken, `${root}collections/${oasis.id}/objects/${RED_CAMPAIGN}/`);
    expect(((await red.json()) as { objects: unknown[] }).objects).toEqual([]);

    // And back: B shares a sighting-worthy indicator into A's inbox.
    const indicator = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--6f4e1f4a-9a3c-4d8b-8c3e-2d1a0b9c8e7f',
      created: '2026-11-22T10:00:00.000Z',
      modified: '2026-11-22T10:00:00.000Z',
      pattern: "[ipv4-addr:value = '203.0.113.66']",
      pattern_type: 'stix',
      valid_from: '2026-11-22T10:00:00Z',
    };
    const posted = await taxii(a, aTaxiiToken, `${root}collections/${inbox.id}/objects/`, {
      method: 'POST',
      headers: { 'content-type': TAXII },
      body: JSON.stringify({ objects: [indicator, { type: 'indicator', id: 'not-an-id' }] }),
    });
    expect(posted.status).toBe(202);
    expect(await posted.json()).toMatchObject({ status: 'complete', success_count: 1, failure_count: 1 });
    const inboxed = await taxii(a, aTaxiiToken, `${root}collections/${inbox.id}/objects/?match[type]=indicator`);
    expect(((await inboxed.json()) as { objects: { id: string }[] }).objects.map((o) => o.id)).toEqual([indicator.id]);
  }, 120_000);

  it('refuses anonymous clients, read-only collections and unacceptable media types', async () => {
    expect((await fetch(`${a.url}/taxii2/`)).status).toBe(401);
    const notAcceptable = await taxii(a, aTaxiiToken, '/taxii2/', { headers: { accept: 'text/html' } });
    expect(notAcceptable.status).toBe(406);
  });
});
