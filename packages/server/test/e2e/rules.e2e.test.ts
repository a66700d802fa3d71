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

  it('disables a rule city-wide from the rules page, after which it raises nothing, and shows refused uploads', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/alerts/rules`);
    const row = page.locator('[data-testid="rule-row"][data-rule-id="7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a01"]');
    await row.getByText('Enable / disable').click();
    await row.getByLabel('Reason').fill('door sensors replaced this week');
    await row.getByRole('button', { name: 'Disable city-wide' }).click();
    await page.getByTestId('rule-notice').waitFor();
    await expect.poll(() => row.getByTestId('rule-state').textContent()).toContain('Off city-wide');
    await expect.poll(() => row.getAttribute('data-active')).toBe('false');

    expect(await ingestFromPage(page, [{ device_id: 'door-off', metric: 'door', state: 'forced', value: 1 }])).toBe(
      202,
    );
    const lagAndAlerts = () =>
      page.evaluate(async () => {
        const status = (await (await fetch('/api/detection/status')).json()) as { lag: number };
        const alerts = (await (await fetch('/api/alerts')).json()) as { event: { deviceId: string } }[];
        return { lag: status.lag, door: alerts.filter((a) => a.event.deviceId === 'door-off').length };
      });
    await expect.poll(async () => (await lagAndAlerts()).lag, { timeout: 10_000 }).toBe(0);
    expect((await lagAndAlerts()).door).toBe(0);

    await page.getByLabel(/^Sigma YAML/).fill(PUMP_PRESSURE_RULE.replace('value|gt', 'value|bigger'));
    await page.getByRole('button', { name: 'Upload' }).click();
    const report = page.getByTestId('rule-upload-report');
    await report
      .getByText(/unknown modifier|bigger/)
      .first()
      .waitFor();
    await page.close();
  });
});
