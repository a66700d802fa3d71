import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const OPERATOR_PASSWORD = 'e2e-operator-password-1';
const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data');
const KEV = path.join(DATA, 'cisa-kev/known_exploited_vulnerabilities.json');
const CVE_RECORDS = path.join(DATA, 'cve/cvelist-v5-records-from-vulnrichment');

/**
 * Two departments, each with a FortiOS firewall (names as in the CVE records) that a critical service needs: the
 * water utility's at the internet edge, the energy department's inside.
 */
const INVENTORY = `
departments:
  - {id: water, name: Water Utility}
  - {id: energy, name: Energy}
services:
  - {id: water-supply, name: Drinking water supply, department: water, criticality: critical, population: 250000,
     depends_on: [{asset: edge-fw}]}
  - {id: power-grid, name: Power grid, department: energy, criticality: critical, population: 600000,
     depends_on: [{asset: grid-fw}]}
assets:
  - {id: edge-fw, name: Edge firewall, type: network, department: water, zone: dmz,
     software: ['cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*']}
  - {id: grid-fw, name: Grid firewall, type: network, department: energy, zone: ot,
     software: ['cpe:2.3:o:fortinet:fortios:7.0.0:*:*:*:*:*:*:*']}
`;

interface Summary {
  open: number;
  by_priority: Record<'P1' | 'P2' | 'P3' | 'P4', number>;
  kev_open: number;
  by_department: { department_id: string; open: number }[];
  by_service: { service_id: string }[];
  trend: unknown[];
}

/** Every CVE 5 record of the shared data that names FortiOS: the ones these firewalls can match. */
function fortiosRecords(): string[] {
  return readdirSync(CVE_RECORDS, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => readFileSync(file, 'utf8').toLowerCase().includes('fortios'));
}

/** A session for setting the city up through the API, as a script would. */
async function session(url: string, username: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

const levelShown = (page: Page) => page.getByTestId('stance-level').getAttribute('data-level');

describe('the Vulnerabilities area and the stance in a real browser', () => {
  let server: SpawnedServer;
  let browser: Browser;
  let admin: Record<string, string>;

  const get = async <T>(url: string): Promise<T> => {
    const response = await fetch(`${server.url}${url}`, { headers: admin });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    server = await spawnServer({ CITYSOC_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchBrowser();
    admin = await session(server.url, 'admin', ADMIN_PASSWORD);
    const post = (url: string, type: string, body: string) =>
      fetch(`${server.url}${url}`, { method: 'POST', headers: { ...admin, 'content-type': type }, body });
    expect((await post('/api/inventory/import', 'application/yaml', INVENTORY)).status).toBe(200);
    const records = fortiosRecords();
    expect(records.length).toBeGreaterThan(5);
    for (const file of [KEV, ...records]) {
      const imported = await post(
        `/api/vulns/import?name=${path.basename(file)}`,
        'text/plain',
        readFileSync(file, 'utf8'),
      );
      expect(imported.status).toBe(200);
    }
    const operator = await post(
      '/api/users',
      'application/json',
      JSON.stringify({ username: 'operator', password: OPERATOR_PASSWORD, role: 'soc_operator' }),
    );
    expect(operator.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the open findings, by priority, department and service, and their trend', async () => {
    const summary = await get<Summary>('/api/vulns/summary');
    expect(summary.open).toBeGreaterThan(3);
    expect(summary.kev_open).toBeGreaterThan(0);
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: /^Vulnerabilities/ }).click();
    await page.getByRole('heading', { name: 'Vulnerabilities', exact: true }).waitFor();
    const figure = (id: string) => page.getByTestId(id).locator('.stat-value').textContent();
    expect(await figure('stat-vulns-open')).toBe(summary.open.toLocaleString('en-US'));
    expect(await figure('stat-vulns-p1')).toBe(String(summary.by_priority.P1));
    expect(await figure('stat-vulns-kev')).toBe(String(summary.kev_open));
    expect(await page.getByTestId('vulns-department-row').count()).toBe(2);
    expect(await page.getByTestId('vulns-department-row').filter({ hasText: 'Water Utility' }).count()).toBe(1);
    expect(await page.getByTestId('vulns-service-row').count()).toBe(summary.by_service.length);
    expect(await page.getByTestId('vulns-trend').locator('circle').count()).toBe(summary.trend.length);

    // A figure opens its findings: the KEV card lists exactly the open KEV findings.
    await page.getByTestId('stat-vulns-kev').getByRole('link').click();
    await expect.poll(() => page.getByTestId('finding-row').count()).toBe(summary.kev_open);
    expect(page.url()).toContain('kev=1');
    await page.close();
  });

  it('accepts the risk of a finding until a date through the page, and lists it as accepted', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/vulnerabilities/findings?department=water`);
    const rows = page.getByTestId('finding-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const before = await rows.count();
    // Only the water utility's firewall: the department filter is asked of the server.
    expect(await rows.filter({ hasText: 'grid-fw' }).count()).toBe(0);
    const cve = (await rows.first().locator('.finding-open').textContent()) ?? '';
    expect(cve).toMatch(/^CVE-\d{4}-\d+$/);

    await rows.first().getByRole('button', { name: cve }).click();
    const detail = page.getByTestId('finding-detail');
    await detail.getByRole('button', { name: 'Accept the risk' }).click();
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await detail.getByLabel('Accepted until').fill(until);
    await detail.getByLabel('Note').fill('e2e: virtual patching on the WAF until the maintenance window');
    await detail.getByRole('button', { name: 'Accept the risk' }).last().click();
    await page.getByTestId('finding-notice').waitFor();
    expect(await page.getByTestId('finding-notice').textContent()).toBe(`${cve} on edge-fw: risk accepted.`);
    await expect.poll(() => rows.count()).toBe(before - 1);

    await page.getByLabel('Status').selectOption('accepted');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(cve);
    const accepted = await get<{ cve: string; accepted_until: string; decided_by: string; decision_note: string }[]>(
      '/api/vulns/findings?status=accepted',
    );
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ cve, decided_by: 'admin' });
    expect(accepted[0]!.accepted_until.slice(0, 10)).toBe(until);
    await page.close();
  });

  it('shows findings to a SOC operator without the decisions their role may not take', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'operator', OPERATOR_PASSWORD);
    await page.goto(`${server.url}/vulnerabilities/findings`);
    const rows = page.getByTestId('finding-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await rows.first().locator('.finding-open').click();
    await page.getByTestId('finding-detail').waitFor();
    expect(await page.getByRole('button', { name: 'Accept the risk' }).count()).toBe(0);
    // Nor may an operator override the stance: the overview shows it without the form.
    await page.goto(server.url);
    await page.getByTestId('stance-level').waitFor();
    expect(await page.getByRole('button', { name: 'Set override' }).count()).toBe(0);
    await page.close();
  });

  it("overrides the city's stance through the overview, shows why, and returns to the signals", async () => {
    const stance = await get<{ city: { level: number; reasons: { text: string }[] } }>('/api/stance');
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    const card = page.getByTestId('stance-card');
    await card.getByTestId('stance-level').waitFor();
    expect(await levelShown(page)).toBe(String(stance.city.level));
    // The signals' reasons are listed: a known-exploited flaw on a critical service raises the level.
    expect(stance.city.level).toBeGreaterThan(1);
    expect(await card.getByTestId('stance-reasons').textContent()).toContain(stance.city.reasons[0]!.text);
    expect(await card.getByTestId('stance-policies').textContent()).toContain('Remediation due');

    await card.getByText('Override the level').click();
    await card.getByLabel('Level', { exact: true }).selectOption('5');
    await card.getByLabel('Justification').fill('e2e: ransomware reported at a neighbouring water utility');
    await card.getByRole('button', { name: 'Set override' }).click();
    await expect.poll(() => levelShown(page)).toBe('5');
    expect(await card.getByTestId('stance-level').textContent()).toBe('5 · Severe');
    expect(await card.getByTestId('stance-override').textContent()).toContain(
      'e2e: ransomware reported at a neighbouring water utility',
    );
    expect(await card.getByTestId('stance-history-row').first().textContent()).toContain('by admin');
    expect((await get<{ city: { level: number } }>('/api/stance')).city.level).toBe(5);

    await card.getByTestId('stance-override').getByRole('button', { name: 'Clear override' }).click();
    await expect.poll(() => levelShown(page)).toBe(String(stance.city.level));
    expect(await card.getByTestId('stance-override').count()).toBe(0);
    await page.close();
  });
});
