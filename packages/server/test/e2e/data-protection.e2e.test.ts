import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const OWNER_PASSWORD = 'e2e-owner-password-1';
const ANALYST_PASSWORD = 'e2e-analyst-password-1';
/** A dataset name that would run script if it were ever rendered as HTML. */
const HOSTILE_NAME = '<img src=x onerror="globalThis.__pwned=1">Customers';

const INVENTORY = `
departments:
  - {id: water, name: Water Utility}
  - {id: energy, name: Energy}
services:
  - {id: water-billing, name: Water billing, department: water, criticality: medium, population: 250000,
     depends_on: [{asset: billing-db}]}
assets:
  - {id: billing-db, name: Billing database, type: database, department: water, zone: it}
`;

/** A session for setting the city up through the API, as a script would. */
async function session(url: string, username: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

describe('the Data protection area in a real browser', () => {
  let server: SpawnedServer;
  let browser: Browser;
  let privacyToken: string;

  const post = async (headers: Record<string, string>, url: string, body: unknown, type = 'application/json') =>
    fetch(`${server.url}${url}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await spawnServer({ CITYSOC_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchBrowser();
    const admin = await session(server.url, 'admin', ADMIN_PASSWORD);
    expect((await post(admin, '/api/inventory/import', INVENTORY, 'application/yaml')).status).toBe(200);
    for (const [username, password, role] of [
      ['olivia', OWNER_PASSWORD, 'data_owner'],
      ['sam', ANALYST_PASSWORD, 'sysadmin'],
    ] as const) {
      const created = await post(admin, '/api/users', { username, password, role, departmentIds: ['water'] });
      expect(created.status).toBe(201);
    }
    const dataset = await post(admin, '/api/datasets', {
      id: 'water-customers',
      name: HOSTILE_NAME,
      description: 'Customer accounts and meter readings',
      owner: 'olivia',
      department: 'water',
      stored_on: ['billing-db'],
      services: ['water-billing'],
      classification: 'personal',
      fields: [{ name: 'account_id' }, { name: 'consumption_m3' }, { name: 'full_name', personal: true }],
      legal_basis: { basis: 'contract', text: 'Supply contract' },
      retention: '3650d',
      rpo: '1d',
    });
    expect(dataset.status).toBe(201);
    const token = await post(admin, '/api/tokens', { name: 'billing gateway', scope: 'privacy' });
    expect(token.status).toBe(201);
    privacyToken = ((await token.json()) as { token: string }).token;
    // The billing system's administrator asks for what it needs, personal name included.
    const sam = await session(server.url, 'sam', ANALYST_PASSWORD);
    const requested = await post(sam, '/api/datasets/water-customers/access-requests', {
      subject: 'billing-app',
      fields: ['account_id', 'consumption_m3', 'full_name'],
      purpose: 'Monthly billing',
      duration: '30d',
    });
    expect(requested.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const decision = async (purpose: string) => {
    const query = new URLSearchParams({ subject: 'billing-app', dataset: 'water-customers', purpose });
    const response = await fetch(`${server.url}/api/privacy/decision?${query.toString()}`, {
      headers: { authorization: `Bearer ${privacyToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { allow: boolean; grant: string | null; reason: string };
  };

  it('shows the catalogue with a hostile name as text, and the owner approves in the inbox', async () => {
    expect(await decision('Monthly billing')).toMatchObject({ allow: false, grant: null });
    const page = await browser.newPage();
    await logIn(page, server.url, 'olivia', OWNER_PASSWORD);
    await page.getByRole('link', { name: /^Data protection/ }).click();
    await page.getByRole('heading', { name: 'Data catalogue' }).waitFor();
    const row = page.getByTestId('dataset-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.getByTestId('dataset-name').textContent()).toBe(HOSTILE_NAME);
    expect(await row.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await row.getByRole('link', { name: 'billing-db' }).getAttribute('href')).toBe('/city/assets/billing-db');

    await page.getByRole('link', { name: 'Access requests' }).click();
    const inbox = page.getByTestId('inbox-row');
    await inbox.first().waitFor();
    expect(await inbox.count()).toBe(1);
    // Ordinary fields come pre-approved, the personal one does not: the owner leaves it unticked.
    expect(await inbox.getByLabel('account_id').isChecked()).toBe(true);
    expect(await inbox.getByLabel(/full_name/).isChecked()).toBe(false);
    await inbox.getByPlaceholder(/Reason/).fill('Billing contract 2026-14');
    await inbox.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('decision-notice').waitFor();
    expect(await page.getByTestId('decision-notice').textContent()).toContain('approved');
    await page.getByText('No requests wait for your decision.').waitFor();

    const allowed = await decision('monthly billing');
    expect(allowed.allow).toBe(true);
    expect(allowed.grant).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: 'Grants' }).click();
    const grant = page.getByTestId('grant-row');
    await grant.first().waitFor();
    expect(await grant.textContent()).toContain('account_id, consumption_m3');
    expect(await grant.textContent()).not.toContain('full_name');
    await page.close();
  });
});
