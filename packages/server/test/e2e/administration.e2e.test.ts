import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn as logInAt } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const USER_PASSWORD = 'parks-keeper-password';

describe('administration in a real browser', () => {
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

  const logIn = (page: Page, username: string, password: string) => logInAt(page, server.url, username, password);

  it('lets an administrator create a department and a user who then sees only that department', async () => {
    const admin = await browser.newPage();
    await logIn(admin, 'admin', ADMIN_PASSWORD);
    // The server also has a department the new user must never see.
    await admin.getByRole('link', { name: 'Administration' }).click();
    for (const [id, name] of [
      ['parks', 'Parks and Recreation'],
      ['water', 'Water Utility'],
    ] as const) {
      await admin.getByLabel('Department id').fill(id);
      await admin.getByLabel('Department name').fill(name);
      await admin.getByRole('button', { name: 'Create department' }).click();
      await admin.getByRole('cell', { name, exact: true }).waitFor();
    }

    await admin.getByRole('tab', { name: 'Users' }).click();
    await admin.getByLabel('Username').fill('pat');
    await admin.getByLabel('Display name').fill('Pat Keeper');
    await admin.getByLabel('Initial password').fill(USER_PASSWORD);
    await admin.getByLabel('Role').selectOption('sysadmin');
    await admin.getByLabel('Parks and Recreation').check();
    await admin.getByRole('button', { name: 'Create user' }).click();
    await admin.getByRole('cell', { name: 'pat', exact: true }).waitFor();
    await admin.close();

    const context = await browser.newContext();
    const user = await context.newPage();
    await logIn(user, 'pat', USER_PASSWORD);
    await user.getByText('Pat Keeper').first().waitFor();
    const visible = await user.evaluate(async () => {
      const response = await fetch('/api/departments');
      return ((await response.json()) as { id: string }[]).map((d) => d.id);
    });
    expect(visible).toEqual(['parks']);
    await user.getByRole('link', { name: 'Administration' }).click();
    await user.getByText(/no administration rights/i).waitFor();
    await context.close();
  });

  it('renders hostile text from the API as text, never as markup', async () => {
    const page = await browser.newPage();
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Administration' }).click();
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await page.getByLabel('Department id').fill('hostile');
    await page.getByLabel('Department name').fill(hostile);
    await page.getByRole('button', { name: 'Create department' }).click();
    await page.getByRole('cell', { name: hostile, exact: true }).waitFor();
    expect(await page.evaluate(() => Reflect.get(globalThis, '__pwned') as unknown)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.close();
  });
});
