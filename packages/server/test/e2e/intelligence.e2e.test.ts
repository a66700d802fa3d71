import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFromPage, launchBrowser, logIn } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data');
const C2_BUNDLE = path.join(DATA, 'stix2.1/examples/indicators-for-C2-with-COA.json');
const ICS_ATTACK = path.join(DATA, 'mitre-attack/ics-attack-18.1.json');
const HOSTILE_NAME = '<img src=x onerror=window.__xss=1>';
const HOSTILE_IP = '203.0.113.66';

/**
 * An indicator from a feed whose author put markup in its name, the way a hostile feed would. Valid from
 * yesterday: an address indicator's score halves every 30 days, and an old one no longer matches.
 */
function hostileBundle(): string {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  return JSON.stringify({
    type: 'bundle',
    id: 'bundle--6e1f1b7c-52c8-4b0c-9d38-0d3f1f0f6a10',
    objects: [
      {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        created: yesterday,
        modified: yesterday,
        name: HOSTILE_NAME,
        pattern: `[ipv4-addr:value = '${HOSTILE_IP}']`,
        pattern_type: 'stix',
        valid_from: yesterday,
        confidence: 95,
      },
    ],
  });
}

/** A call to the API with the page's session, as the dashboard makes it; answers the status and the JSON body. */
function api(page: Page, method: string, url: string, body?: string, type = 'application/json') {
  return page.evaluate(
    async ({ method, url, body, type }) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const response = await fetch(url, {
        method,
        headers: { 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': type }) },
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
    },
    { method, url, body, type },
  );
}

const xssFired = (page: Page) => page.evaluate(() => (globalThis as { __xss?: unknown }).__xss);

describe('the Intelligence area in a real browser', () => {
  let server: SpawnedServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await spawnServer({ CITYSOC_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('imports a STIX file through the page and shows what it stored', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: /^Intelligence/ }).click();
    await page.getByRole('heading', { name: 'Intelligence', exact: true }).waitFor();
    // The area is built: no "not built" tag in the navigation any more.
    expect(await page.getByRole('link', { name: /^Intelligence/ }).textContent()).toBe('Intelligence');
    expect(await page.getByTestId('stat-indicators').getByRole('paragraph').first().textContent()).toBe('0');

    await page.getByLabel('STIX file').setInputFiles(C2_BUNDLE);
    await page.getByLabel('Source', { exact: true }).fill('oasis');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = page.getByTestId('intel-import-summary');
    await summary.waitFor();
    // The OASIS example: 8 objects, of which 2 indicators (a C2 address and a file hash).
    expect(await summary.textContent()).toBe('Imported 8 new or updated objects, of which 2 indicators; 0 refused.');
    await expect.poll(() => page.getByTestId('stat-indicators').locator('.stat-value').textContent()).toBe('2');
    expect(await page.getByTestId('stat-objects').locator('.stat-value').textContent()).toBe('8');
    await page.getByTestId('intel-source-row').filter({ hasText: 'oasis' }).waitFor();
    await page.close();
  });

  it('lists indicators with a markup name as text, filters them, and shows the sighting with a STIX download', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    const imported = await api(page, 'POST', '/api/intel/import?source=isac', hostileBundle(), 'text/plain');
    expect(imported).toMatchObject({ status: 200, json: { indicators: 1 } });

    await page.goto(`${server.url}/intelligence/indicators`);
    await expect.poll(() => page.getByTestId('indicator-row').count()).toBeGreaterThanOrEqual(2);
    const hostileRow = page.getByTestId('indicator-row').filter({ hasText: HOSTILE_IP });
    expect(await hostileRow.locator('.indicator-name').textContent()).toBe(HOSTILE_NAME);
    expect(await hostileRow.textContent()).toContain('isac');
    expect(await hostileRow.textContent()).toContain('95');
    await page.getByLabel('Source').selectOption('oasis');
    await expect.poll(() => page.getByTestId('indicator-row').count()).toBe(2);
    expect(page.url()).toContain('source=oasis');
    await page.getByLabel('Name, pattern or label').fill('SHA-256');
    await expect.poll(() => page.getByTestId('indicator-row').count()).toBe(1);
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    // A flow to the hostile address, as a Suricata sensor reports it, is a sighting.
    const status = await ingestFromPage(page, [
      {
        timestamp: new Date().toISOString(),
        event_type: 'flow',
        src_ip: '10.20.0.5',
        src_port: 51000,
        dest_ip: HOSTILE_IP,
        dest_port: 443,
        proto: 'TCP',
      },
    ]);
    expect(status).toBe(202);
    await expect
      .poll(
        async () => {
          await page.goto(`${server.url}/intelligence/sightings`);
          await page.getByTestId('sighting-count').filter({ hasNotText: 'Loading' }).waitFor();
          return page.getByTestId('sighting-row').count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    const sighting = page.getByTestId('sighting-row');
    expect(await sighting.locator('code').first().textContent()).toBe(HOSTILE_IP);
    expect(await sighting.locator('.indicator-name').textContent()).toBe(HOSTILE_NAME);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await xssFired(page)).toBeUndefined();

    const link = page.getByRole('link', { name: 'Download as STIX' });
    expect(await link.getAttribute('href')).toBe('/api/intel/sightings/stix');
    const bundle = (await api(page, 'GET', '/api/intel/sightings/stix')).json as {
      type: string;
      objects: { type: string }[];
    };
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.filter((o) => o.type === 'sighting')).toHaveLength(1);
    await page.close();
  });

  it('draws the ICS ATT&CK matrix once imported and says what to do for a domain not imported', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/intelligence/attack`);
    await page.getByTestId('attack-not-imported').waitFor();
    expect(await page.getByTestId('attack-not-imported').textContent()).toContain('citysoc intel import');

    // MITRE's ICS bundle, imported through the page like any intelligence file.
    await page.goto(`${server.url}/intelligence`);
    await page.getByLabel('STIX file').setInputFiles(ICS_ATTACK);
    await page.getByLabel('Source', { exact: true }).fill('mitre-attack');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('intel-import-summary').waitFor({ timeout: 60_000 });

    await page.goto(`${server.url}/intelligence/attack`);
    await page.getByRole('group', { name: 'ATT&CK domain' }).getByRole('button', { name: 'ICS' }).click();
    expect(page.url()).toContain('domain=ics');
    await page.getByTestId('attack-matrix').waitFor();
    const coverage = (await api(page, 'GET', '/api/attack/coverage?domain=ics')).json as {
      techniques_total: number;
      techniques_covered: number;
      tactics: { name: string; techniques: { id: string; rules: string[] }[] }[];
    };
    expect(coverage.techniques_total).toBeGreaterThan(50);
    const cells = coverage.tactics.reduce((sum, tactic) => sum + tactic.techniques.length, 0);
    expect(await page.getByTestId('attack-technique').count()).toBe(cells);
    expect(await page.locator('.attack-tactic').count()).toBe(coverage.tactics.length);
    expect(await page.getByTestId('attack-summary').textContent()).toContain(
      `${coverage.techniques_covered} of ${coverage.techniques_total} techniques`,
    );
    // The covered techniques are coloured, and hiding the gaps leaves exactly them.
    const covered = coverage.tactics.flatMap((t) => t.techniques.filter((technique) => technique.rules.length > 0));
    expect(await page.locator('.attack-cell:not(.attack-tier-0)').count()).toBe(covered.length);
    await page.getByLabel('Only covered techniques').check();
    expect(await page.getByTestId('attack-technique').count()).toBe(covered.length);

    await page.getByRole('group', { name: 'ATT&CK domain' }).getByRole('button', { name: 'Enterprise' }).click();
    await page.getByTestId('attack-not-imported').waitFor();
    await page.close();
  });

  it('lists the blocklists the stance publishes with the address firewalls fetch', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/intelligence/blocklists`);
    const rows = page.getByTestId('blocklist-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const firewall = rows.filter({ hasText: 'firewall-ip' });
    expect(await firewall.getByRole('link').textContent()).toBe(`${server.url}/api/blocklists/firewall-ip.txt`);
    const lists = (await api(page, 'GET', '/api/blocklists')).json as { name: string; entries: number }[];
    const entries = lists.find((list) => list.name === 'firewall-ip')?.entries;
    expect(await firewall.locator('td.numeric').last().textContent()).toBe(String(entries));
    await page.close();
  });
});
