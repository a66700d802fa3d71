import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestLinesFromPage, launchBrowser, logIn } from '../../src/testing/browser.ts';
import { SMALL_CITY_YAML } from '../../src/testing/inventory-fixture.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';

/** ClamAV on the water utility's SCADA server finds ransomware: a high alert, so the pipeline opens a case. */
const RANSOMWARE_FOUND =
  `<180>1 ${new Date().toISOString()} scada-1 clamd 812 - - ` +
  'C:\\ProgramData\\svc\\locker.exe: Win.Ransomware.Locky-9951 FOUND';

describe('incident response in a real browser', () => {
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

  it('a pipeline alert becomes a case, a playbook isolates the server after approval, and the report is downloaded', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    const imported = await page.evaluate(async (yaml) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const response = await fetch('/api/inventory/import', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml', 'x-csrf-token': session.csrfToken },
        body: yaml,
      });
      return response.status;
    }, SMALL_CITY_YAML);
    expect(imported).toBe(200);
    // The city model is rebuilt after an import; events ingested before it would not be enriched with the asset.
    await expect
      .poll(() => page.evaluate(async () => (await fetch('/api/assets/scada-1')).status), { timeout: 15_000 })
      .toBe(200);
    await page.waitForTimeout(1500);
    expect(await ingestLinesFromPage(page, [RANSOMWARE_FOUND])).toBe(202);

    await page.getByRole('link', { name: /^Incidents/ }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    await expect.poll(() => page.getByTestId('incident-row').count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('incident-row').first().getByRole('link', { name: 'INC-1' }).click();
    await page.getByTestId('incident-title').getByText('Antivirus found malware').waitFor();

    // Start the ransomware playbook by hand; its isolation step waits for approval with the impact in view.
    await page.getByLabel('Playbook', { exact: true }).selectOption('ransomware-server');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const run = page.getByTestId('playbook-run').filter({ hasText: 'Ransomware on a server' });
    await run.waitFor();
    const impact = run.getByTestId('step-impact').first();
    await impact.waitFor({ timeout: 20_000 });
    await expect.poll(() => impact.textContent()).toMatch(/1 degraded; 250,000 residents/);
    await run.getByLabel('Reason').first().fill('Encrypting files on the SCADA server; isolate now.');
    await run.getByRole('button', { name: 'Approve' }).first().click();
    await expect
      .poll(
        () =>
          page.evaluate(async () => ((await (await fetch('/api/assets/scada-1')).json()) as { status: string }).status),
        {
          timeout: 20_000,
        },
      )
      .toBe('isolated');
    await expect
      .poll(() => page.getByTestId('timeline-entry').allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/isolat/i)]));

    // The cascade reaches the energy department's services: share the case with them.
    await page.getByLabel('Department', { exact: true }).selectOption('energy');
    await page.getByLabel('Why').fill('The grid SCADA talks to this server');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByTestId('incident-share').getByText('The grid SCADA talks to this server').waitFor();

    // Work the case to the end and close it.
    for (const [button, status] of [
      ['Move to eradication', 'Eradication'],
      ['Move to recovery', 'Recovery'],
      ['Move to post-incident', 'Post-incident'],
    ] as const) {
      const next = page.getByRole('button', { name: button });
      if ((await next.count()) === 0) continue;
      await next.click();
      await page.getByTestId('incident-status').getByText(status).waitFor();
    }
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByLabel('Resolution summary').fill('Locker removed, server rebuilt from the 03:00 backup.');
    await page.getByRole('button', { name: 'Close incident' }).click();
    await page.getByTestId('incident-status').getByText('Closed').waitFor();

    // The incident report, as the case page offers it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('incident-report-html').click(),
    ]);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('INC-1');
    expect(html).toContain('Locker removed, server rebuilt from the 03:00 backup.');
    expect(html).toMatch(/SCADA server 1/);
  });
});
