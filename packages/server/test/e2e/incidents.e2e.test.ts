import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFromPage, launchBrowser, logIn } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const OPERATOR_PASSWORD = 'soc-operator-password-1';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

describe('incidents in a real browser', () => {
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

  it('opens an incident from a pipeline alert, and the operator works and closes the case', async () => {
    const admin = await browser.newPage();
    await logIn(admin, server.url, 'admin', ADMIN_PASSWORD);
    const created = await admin.evaluate(async (password) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const response = await fetch('/api/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ username: 'olga', password, role: 'soc_operator', departmentIds: [] }),
      });
      return response.status;
    }, OPERATOR_PASSWORD);
    expect(created).toBe(201);
    // A forced door through the real ingest → detection → grouping pipeline: a high alert opens an incident.
    expect(await ingestFromPage(admin, [{ device_id: 'door-9', metric: 'door', state: 'forced', value: 1 }])).toBe(202);
    await admin.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, server.url, 'olga', OPERATOR_PASSWORD);
    await page.getByRole('link', { name: /^Incidents/ }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    await expect.poll(() => page.getByTestId('incident-row').count(), { timeout: 15_000 }).toBe(1);
    const row = page.getByTestId('incident-row').first();
    await row.getByText('Door forced open at a city facility').waitFor();
    await row.getByTestId('sla-clock').waitFor();
    await row.getByRole('link', { name: 'INC-1' }).click();

    await page.getByTestId('incident-title').getByText('Door forced open at a city facility').waitFor();
    await page.getByTestId('linked-alert').getByText('high alert with no open incident sharing an entity').waitFor();
    await page.getByLabel('New task').fill('Check the door contact on site');
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByTestId('task-row').getByText('Check the door contact on site').waitFor();
    await page.getByRole('button', { name: 'Complete task Check the door contact on site' }).click();
    await page.getByTestId('task-row').getByText('Done').waitFor();

    await page.getByRole('button', { name: 'Move to containment' }).click();
    await page.getByTestId('incident-status').getByText('Containment').waitFor();
    for (const [button, status] of [
      ['Move to eradication', 'Eradication'],
      ['Move to recovery', 'Recovery'],
      ['Move to post-incident', 'Post-incident'],
    ] as const) {
      await page.getByRole('button', { name: button }).click();
      await page.getByTestId('incident-status').getByText(status).waitFor();
    }
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByLabel('Resolution summary').fill('Contractor forced the door; lock replaced.');
    await page.getByRole('button', { name: 'Close incident' }).click();
    await page.getByTestId('incident-status').getByText('Closed').waitFor();
    await page.getByText('Resolved (true positive): Contractor forced the door; lock replaced.').waitFor();
    const timeline = await page.getByTestId('timeline-entry').allTextContents();
    expect(timeline.join('\n')).toMatch(
      /Task added: Check the door contact on site[\s\S]*Status post_incident → closed/,
    );

    // A hostile title is shown as text, never run as markup.
    await page.goto(`${server.url}/incidents/new`);
    await page.getByLabel('Title').fill(HOSTILE);
    await page.getByLabel('Department').selectOption({ label: 'City-wide' });
    await page.getByRole('button', { name: 'Open incident' }).click();
    await page.getByTestId('incident-title').getByText(HOSTILE).waitFor();
    expect(await page.getByTestId('incident-title').locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await context.close();
  });
});
