import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFromPage, launchBrowser, logIn } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const CAMERA_TITLE = 'CCTV camera reports offline or video loss';

describe('the Alerts page in a real browser', () => {
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

  it('shows a raised alert, opens its event, and acknowledges it', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    // Raise an alert through the API with the admin's own session (an admin token would do the same). A medium
    // alert: high and critical ones open an incident at once (content/incidents/grouping.yml) and leave the queue.
    const raised = await ingestFromPage(page, [{ device_id: 'cam-42', metric: 'camera', state: 'offline', value: 0 }]);
    expect(raised).toBe(202);

    await page.getByRole('link', { name: /^Alerts/ }).click();
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    await expect.poll(() => page.getByTestId('alert-row').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('alert-row').first().click();
    const detail = page.getByTestId('alert-detail');
    await detail.getByText(CAMERA_TITLE).first().waitFor();
    await detail.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.getByTestId('alert-row').count()).toBe(0);

    await page.goto(`${server.url}/alerts?status=all`);
    await page.getByTestId('alert-row').first().click();
    await page.getByRole('link', { name: 'Show the matched event' }).click();
    await page.getByRole('heading', { name: 'Events' }).waitFor();
    await expect.poll(() => page.getByTestId('event-row').count()).toBe(1);
    await page.close();
  });

  it('filters by ATT&CK tactic and shows why an alert matched', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    const raised = await ingestFromPage(page, [{ device_id: 'door-77', metric: 'door', state: 'forced', value: 1 }]);
    expect(raised).toBe(202);
    await page.goto(`${server.url}/alerts?status=all`);
    await expect.poll(() => page.getByTestId('alert-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    await page.getByLabel('ATT&CK tactic').selectOption('credential-access');
    await page.getByText('No alerts match these filters.').waitFor();
    expect(page.url()).toContain('tactic=credential-access');
    await page.getByLabel('ATT&CK tactic').selectOption('initial-access');
    await expect.poll(() => page.getByTestId('alert-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    await page.getByTestId('alert-row').first().click();
    const why = page.getByTestId('alert-explanation');
    await why.getByRole('heading', { name: 'Why it matched' }).waitFor();
    await expect
      .poll(() => why.getByTestId('explained-value').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['door', 'forced']));
    await expect.poll(() => why.getByTestId('explained-selection').first().getAttribute('data-matched')).toBe('true');
    await page.close();
  });

  it('escalates an alert into a new incident from its detail', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    const raised = await ingestFromPage(page, [
      { device_id: 'cam-99', metric: 'camera', state: 'video_loss', value: 0 },
    ]);
    expect(raised).toBe(202);
    await page.goto(`${server.url}/alerts`);
    const row = page.getByTestId('alert-row').filter({ hasText: CAMERA_TITLE });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await row.first().click();
    const detail = page.getByTestId('alert-detail');
    await detail.getByRole('button', { name: 'Escalate to incident' }).click();
    await detail.getByLabel('Title').fill('Camera at the harbour gate lost video');
    await detail.getByRole('button', { name: 'Escalate alert' }).click();
    await page.waitForURL(/\/incidents\/[^/]+$/);
    await page.getByText('Camera at the harbour gate lost video').first().waitFor();
    await page.goto(`${server.url}/alerts?status=escalated`);
    await expect.poll(() => page.getByTestId('alert-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
