import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFromPage, launchBrowser, logIn } from '../../src/testing/browser.ts';
import { PUMP_PRESSURE_RULE } from '../../src/testing/fixtures.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';

describe('the detection rules page in a real browser', () => {
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

  it('lists the shipped rules and tests a new rule over stored events', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    const status = await ingestFromPage(page, [
      { device_id: 'pump-1', metric: 'pressure', value: 9.5, unit: 'bar' },
      { device_id: 'pump-2', metric: 'pressure', value: 3.1, unit: 'bar' },
    ]);
    expect(status).toBe(202);
    await page.goto(`${server.url}/alerts/rules`);
    await page.getByRole('heading', { name: 'Detection rules' }).waitFor();
    await page.getByText('Door forced open at a city facility').first().waitFor();
    await page.getByLabel('Sigma rule (YAML)').fill(PUMP_PRESSURE_RULE);
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByTestId('rule-test-result').waitFor();
    await expect.poll(() => page.getByTestId('rule-test-match').count()).toBe(1);
    await page.close();
  });
});
