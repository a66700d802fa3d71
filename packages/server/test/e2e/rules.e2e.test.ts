import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const RULE = `title: Pump pressure above safe limit
id: 0b6c1a52-1111-4c7a-9a0e-5e0d7c1f0a01
status: test
logsource: { product: citysoc, category: ot }
detection:
  selection:
    device.id|startswith: pump-
    citysoc.telemetry.value|gt: 8
  condition: selection
level: high
`;

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
    const status = await page.evaluate(async () => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const created = await fetch('/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ name: 'pumps', scope: 'ingest' }),
      });
      const { token } = (await created.json()) as { token: string };
      const body = [
        { device_id: 'pump-1', metric: 'pressure', value: 9.5, unit: 'bar' },
        { device_id: 'pump-2', metric: 'pressure', value: 3.1, unit: 'bar' },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n');
      const response = await fetch('/api/ingest', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      return response.status;
    });
    expect(status).toBe(202);
    await page.goto(`${server.url}/alerts/rules`);
    await page.getByRole('heading', { name: 'Detection rules' }).waitFor();
    await page.getByText('Door forced open at a city facility').first().waitFor();
    await page.getByLabel('Sigma rule (YAML)').fill(RULE);
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByTestId('rule-test-result').waitFor();
    await expect.poll(() => page.getByTestId('rule-test-match').count()).toBe(1);
    await page.close();
  });
});
