import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const EVE_BROKEN = path.resolve(
  import.meta.dirname,
  '../../../../../shared/data/suricata-eve/surevego-eve_broken.ndjson',
);

describe('the Events page in a real browser', () => {
  let server: SpawnedServer;
  let browser: Browser;

  beforeAll(async () => {
    // The Suricata sample is from 2017: keep it past the default retention.
    server = await spawnServer({ CITYSOC_ADMIN_PASSWORD: ADMIN_PASSWORD, CITYSOC_RETENTION_DAYS: '100000' });
    browser = await launchBrowser();
    const admin = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = admin.headers.get('set-cookie')?.split(';')[0] ?? '';
    const { csrfToken } = (await admin.json()) as { csrfToken: string };
    const created = await fetch(`${server.url}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'e2e', scope: 'ingest' }),
    });
    const { token } = (await created.json()) as { token: string };
    const hostile = JSON.stringify({
      message: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>',
      host: 'evil',
    });
    for (const body of [readFileSync(EVE_BROKEN, 'utf8'), hostile]) {
      const response = await fetch(`${server.url}/api/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      expect(response.status).toBe(202);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('searches, shows the histogram, and opens an event with its normalised, original and raw forms', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    const expected = await page.evaluate(async () => {
      const response = await fetch('/api/events?limit=1000&query=event.dataset:alert');
      return ((await response.json()) as { events: unknown[] }).events.length;
    });
    expect(expected).toBeGreaterThan(0);
    await page.goto(`${server.url}/events?range=all`);
    await page.getByLabel('Query').fill('event.dataset:alert');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(async () => (await page.getByTestId('event-count').textContent()) ?? '')
      .toMatch(new RegExp(`of ${expected} matching`));
    expect(await page.getByTestId('event-row').count()).toBe(Math.min(expected, 100));
    expect(await page.getByTestId('event-histogram').getAttribute('aria-label')).toContain(String(expected));
    await page.getByTestId('event-row').first().click();
    const detail = page.getByTestId('event-detail');
    await detail.getByTestId('event-field').filter({ hasText: 'event.dataset' }).first().waitFor();
    await detail.getByRole('tab', { name: 'Raw' }).click();
    expect(await detail.getByTestId('event-raw').textContent()).toContain('"event_type":"alert"');
    await page.close();
  });

  it('explains a query it cannot read', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/events?range=all&q=${encodeURIComponent('source.ip:')}`);
    expect(await page.getByTestId('event-query-error').textContent()).toMatch(/needs a value/);
    await page.close();
  });

  it('renders hostile log content as text', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/events?range=all&q=${encodeURIComponent('onerror')}`);
    await page.getByTestId('event-row').first().click();
    await page.getByTestId('event-detail').getByRole('tab', { name: 'Raw' }).click();
    expect(await page.getByTestId('event-raw').textContent()).toContain('<script>');
    expect(await page.evaluate(() => Reflect.get(globalThis, '__pwned') as unknown)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.close();
  });

  it('lists the rejected lines with their reasons', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Inspect rejected input' }).click();
    await page.getByRole('heading', { name: 'Rejected input' }).waitFor();
    await expect.poll(() => page.getByTestId('rejection-row').count()).toBe(6);
    expect(await page.getByTestId('rejection-row').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/invalid JSON/)]),
    );
    await page.close();
  });
});
