import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_CITY_YAML } from '../../src/testing/inventory-fixture.ts';
import { ingestFromPage, launchBrowser, logIn } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const HOSTILE_NAME = '<img src=x onerror=window.__xss=1>';

/** An administrator's session for setting the city up through the API, as a script would. */
async function adminSession(url: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

const nodeState = (page: Page, key: string) =>
  page.locator(`[data-testid="graph-node"][data-node-key="${key}"]`).getAttribute('data-state');

describe('the City area in a real browser', () => {
  let server: SpawnedServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await spawnServer({ CITYSOC_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchBrowser();
    const headers = await adminSession(server.url);
    const imported = await fetch(`${server.url}/api/inventory/import`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/yaml' },
      body: SMALL_CITY_YAML,
    });
    expect(imported.status).toBe(200);
    const hostile = await fetch(`${server.url}/api/assets`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'xss-probe', name: HOSTILE_NAME, type: 'sensor', department: 'water' }),
    });
    expect(hostile.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws the graph, computes a what-if, and isolates an asset for real', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: /^City/ }).click();
    await page.getByRole('heading', { name: 'City', exact: true }).waitFor();
    // 2 services and 6 assets: a city this small is drawn whole.
    await expect.poll(() => page.getByTestId('graph-node').count()).toBe(8);
    expect(await page.getByTestId('graph-edge').count()).toBeGreaterThanOrEqual(6);
    expect(await nodeState(page, 'service:power-grid')).toBe('ok');
    expect(await page.getByTestId('graph-edge').filter({ hasText: '1 of 2' }).count()).toBe(2);

    const whatIf = page.getByTestId('whatif');
    await whatIf.getByLabel('Find an asset').fill('grid-scada');
    await whatIf.getByRole('button', { name: /Grid SCADA/ }).click();
    await whatIf.getByLabel('Action').selectOption('isolate');
    await whatIf.getByRole('button', { name: 'Compute impact' }).click();
    const result = whatIf.getByTestId('impact-result');
    await result.waitFor();
    expect(await result.getByTestId('impact-population').textContent()).toBe('850,000 residents');
    // Each row starts with its service's name (its path, further on, names the services it runs through).
    for (const service of [/^Power grid/, /^Drinking water supply/]) {
      expect(await result.getByTestId('impact-service').filter({ hasText: service }).textContent()).toContain('Down');
    }
    // The graph shows the what-if until the city changes; the map has the one located asset.
    expect(await nodeState(page, 'service:water-supply')).toBe('down');
    expect(await page.getByTestId('map-point').count()).toBe(1);

    await whatIf.getByText('Act on Grid SCADA for real').click();
    await whatIf.getByLabel(/Reason/).fill('e2e: suspected compromise of the grid SCADA server');
    await whatIf.getByRole('button', { name: 'Isolate', exact: true }).click();
    await page.getByTestId('city-notice').waitFor();
    expect(await page.getByTestId('city-notice').textContent()).toContain('Grid SCADA was isolated');
    await expect.poll(() => nodeState(page, 'service:power-grid')).toBe('down');
    expect(await nodeState(page, 'service:water-supply')).toBe('down');
    expect(await nodeState(page, 'asset:grid-scada')).toBe('down');
    expect(await page.getByTestId('city-population-affected').textContent()).toContain('850,000');

    // The asset's page says so, and restores it with a reason.
    await page.locator('[data-node-key="asset:grid-scada"]').click();
    await page.getByTestId('node-details').getByRole('link', { name: 'Asset page' }).click();
    const detail = page.getByTestId('asset-detail');
    expect(await detail.getByTestId('asset-status').textContent()).toBe('Isolated');
    expect(await detail.getByTestId('asset-services').textContent()).toContain('Drinking water supply');
    await detail.getByLabel(/Reason/).fill('e2e: cleaned and verified');
    await detail.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => detail.getByTestId('asset-status').textContent()).toBe('Operational');
    // Its history, from the audit log, says who did what and why.
    const history = detail.getByTestId('asset-history-row');
    await expect.poll(() => history.count()).toBeGreaterThanOrEqual(3);
    expect(await history.first().textContent()).toContain('isolated → operational — e2e: cleaned and verified');
    await page.close();
  });

  it('holds a shutdown for a second person, who approves it on the Approvals page', async () => {
    const headers = await adminSession(server.url);
    const created = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'olga',
        password: 'olga-e2e-password-1',
        role: 'soc_operator',
        departmentIds: [],
      }),
    });
    expect(created.status).toBe(201);

    const admin = await browser.newPage();
    await logIn(admin, server.url, 'admin', ADMIN_PASSWORD);
    await admin.goto(`${server.url}/city/assets/scada-2`);
    const detail = admin.getByTestId('asset-detail');
    await detail.getByLabel(/Reason/).fill('e2e: ransomware note on the HMI');
    await detail.getByRole('button', { name: 'Take offline' }).click();
    await admin.getByTestId('asset-notice').waitFor();
    expect(await admin.getByTestId('asset-notice').textContent()).toContain("waits for a second person's approval");
    expect(await detail.getByTestId('asset-status').textContent()).toBe('Operational');
    // The requester cannot approve their own request.
    await admin.goto(`${server.url}/city/approvals`);
    const own = admin.getByTestId('approval-row');
    await own.getByLabel('Reason').fill('me again');
    await own.getByRole('button', { name: 'Approve' }).click();
    await own.getByText(/second person must decide/).waitFor();
    await admin.close();

    const olga = await browser.newPage();
    await logIn(olga, server.url, 'olga', 'olga-e2e-password-1');
    await olga.goto(`${server.url}/city/approvals`);
    const row = olga.getByTestId('approval-row');
    expect(await row.textContent()).toContain('shutdown device');
    expect(await row.textContent()).toContain('e2e: ransomware note on the HMI');
    await row.getByLabel('Reason').fill('e2e: confirmed with the plant manager');
    await row.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => olga.getByTestId('approval-row').count()).toBe(0);
    await olga.goto(`${server.url}/city/assets/scada-2`);
    await expect.poll(() => olga.getByTestId('asset-detail').getByTestId('asset-status').textContent()).toBe('Offline');
    await olga.close();
  });

  it('shows an asset named like markup as text, never as markup', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/city?node=asset:xss-probe`);
    await page.getByTestId('node-details').getByRole('heading', { name: HOSTILE_NAME }).waitFor();
    expect(await page.locator('[data-node-key="asset:xss-probe"] .graph-node-name').textContent()).toContain('<img');
    await page.getByLabel('Find an asset').fill('xss');
    await page.getByRole('list', { name: 'Matching assets' }).getByRole('button').click();
    await page.getByTestId('whatif-asset').filter({ hasText: HOSTILE_NAME }).waitFor();
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();

    await page.goto(`${server.url}/city/assets?text=xss`);
    await expect.poll(() => page.getByTestId('asset-row').count()).toBe(1);
    await page.getByRole('link', { name: HOSTILE_NAME }).click();
    await page.getByRole('heading', { name: HOSTILE_NAME, level: 1 }).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
    await page.close();
  });

  it('links an alert and an event to their asset and services, and adopts an unknown device', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    const status = await ingestFromPage(page, [
      { device_id: 'scada-1', metric: 'temperature', value: 21 },
      { device_id: 'scada-1', metric: 'door', state: 'forced', value: 1 },
      { device_id: 'rogue-sensor-9', metric: 'temperature', value: 99 },
    ]);
    expect(status).toBe(202);

    // A forced door is high: grouping opens an incident for it at once, so it is escalated, not new.
    await page.goto(`${server.url}/alerts?status=all`);
    const doorAlert = page.getByTestId('alert-row').filter({ hasText: 'Door forced' });
    await expect.poll(() => doorAlert.count(), { timeout: 15_000 }).toBe(1);
    await doorAlert.click();
    const alertContext = page.getByTestId('alert-detail').getByTestId('event-city-context');
    await alertContext.getByRole('link', { name: 'scada-1' }).waitFor();
    await alertContext.getByRole('link', { name: 'Drinking water supply' }).waitFor();

    await page.goto(`${server.url}/events?range=all&q=${encodeURIComponent('device.id:"scada-1"')}`);
    await expect.poll(() => page.getByTestId('event-row').count(), { timeout: 15_000 }).toBe(2);
    await page.getByTestId('event-row').first().click();
    const context = page.getByTestId('event-city-context');
    await context.getByRole('link', { name: 'scada-1' }).waitFor();
    await context.getByRole('link', { name: 'Drinking water supply' }).waitFor();

    // Discovery writes candidates every few seconds: look again until the device is listed.
    await expect
      .poll(
        async () => {
          await page.goto(`${server.url}/city/discovery`);
          await page.getByTestId('candidate-count-new').filter({ hasNotText: '…' }).waitFor();
          return page.getByTestId('candidate-row').filter({ hasText: 'rogue-sensor-9' }).count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    await page
      .getByTestId('candidate-row')
      .filter({ hasText: 'rogue-sensor-9' })
      .getByRole('button', { name: 'Adopt' })
      .click();
    const form = page.getByTestId('adopt-form');
    expect(await form.getByLabel('Asset id').inputValue()).toBe('rogue-sensor-9');
    await form.getByLabel('Name').fill('Rogue sensor in the pump house');
    await form.getByLabel('Department').selectOption('water');
    await form.getByRole('button', { name: 'Adopt' }).click();
    await page.getByText('was adopted as Rogue sensor in the pump house').waitFor();
    await expect.poll(() => page.getByTestId('candidate-count-adopted').textContent()).toBe('1');
    await page.close();
  });

  it('refuses an import and names every problem with its line', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/city/import`);
    await page
      .getByLabel('Inventory', { exact: true })
      .fill(
        [
          'services:',
          '  - id: broken-service',
          '    name: Broken',
          '    department: water',
          '    criticality: urgent',
          '    population: -5',
        ].join('\n'),
      );
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByTestId('import-problem').count()).toBe(2);
    const rows = await page.getByTestId('import-problem').allTextContents();
    expect(rows.find((row) => row.includes('criticality'))).toMatch(/^5/);
    expect(rows.find((row) => row.includes('population'))).toMatch(/^6/);
    expect(await page.getByRole('link', { name: 'Download YAML' }).getAttribute('href')).toBe(
      '/api/inventory/export?format=yaml',
    );
    await page.close();
  });
});
