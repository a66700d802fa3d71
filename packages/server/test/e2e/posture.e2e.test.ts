import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn } from '../../src/testing/browser.ts';
import { spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_STATE = '<script>window.__pwned=2</script>';

/** Two departments; scada-2 carries a name that would run as HTML if the page ever rendered it as markup. */
const INVENTORY = `
departments:
  - {id: water, name: Water Utility}
  - {id: energy, name: Energy}
services:
  - {id: water-supply, name: Drinking water supply, department: water, criticality: critical, population: 250000,
     depends_on: [{assets: [scada-1, scada-2], need: 1}]}
  - {id: power-grid, name: Power grid, department: energy, criticality: critical, population: 600000,
     depends_on: [{asset: grid-scada}]}
assets:
  - {id: scada-1, name: SCADA server 1, type: server, department: water, zone: ot}
  - {id: scada-2, name: '${HOSTILE_NAME}', type: server, department: water, zone: ot}
  - {id: grid-scada, name: Grid SCADA, type: server, department: energy, zone: ot}
`;

interface Gap {
  control: string;
  target: { kind: string; id: string };
  department: string;
  status: string;
  reason: string;
}
interface Report {
  city: { score: number | null; directions: Record<string, number | null> };
  departments: { id: string }[];
  gaps: Gap[];
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

const findGap = (report: Report, control: string, target: string) =>
  report.gaps.find((g) => g.control === control && g.target.id === target);

describe('the Posture area in a real browser', () => {
  let server: SpawnedServer;
  let browser: Browser;
  let admin: Record<string, string>;

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, { ...init, headers: { ...admin, ...init.headers } });
    expect(response.status, path).toBeLessThan(300);
    return (await response.json()) as T;
  };
  const importInventory = () =>
    api('/api/inventory/import', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: INVENTORY,
    });

  beforeAll(async () => {
    server = await spawnServer({ CITYSOC_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchBrowser();
    admin = await session(server.url, 'admin', ADMIN_PASSWORD);
    await importInventory();

    // Agents report anti-malware status as device telemetry, through the real HTTP ingest with an ingest token.
    const { token } = await api<{ token: string }>('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'av agents', scope: 'ingest' }),
    });
    const ts = new Date().toISOString();
    const reports = [
      { device_id: 'scada-1', metric: 'antivirus', state: 'ok', ts },
      { device_id: 'scada-2', metric: 'antivirus', state: HOSTILE_STATE, ts },
    ];
    const ingested = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: reports.map((r) => JSON.stringify(r)).join('\n'),
    });
    expect(ingested.status).toBeLessThan(300);

    // The posture is evaluated every five minutes and two seconds after any inventory change: importing the
    // same inventory again stands in for the five-minute wait, until the reports have been evaluated.
    let evaluated: Gap | undefined;
    for (let attempt = 0; attempt < 20 && evaluated === undefined; attempt++) {
      await importInventory();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const report = await api<Report>('/api/posture');
      if (findGap(report, 'SYS-AV-01', 'scada-1') === undefined) evaluated = findGap(report, 'SYS-AV-01', 'scada-2');
    }
    expect(evaluated).toMatchObject({ status: 'fail' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const gapRows = (page: Page) => page.getByTestId('posture-gap-row');

  it('shows the city score by direction, the departments, and the gaps the telemetry left', async () => {
    const report = await api<Report>('/api/posture');
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: /^Posture/ }).click();
    await page.getByRole('heading', { name: 'Posture', exact: true }).waitFor();
    expect(await page.getByTestId('stat-posture-city').locator('.stat-value').textContent()).toBe(
      report.city.score!.toFixed(1),
    );
    expect(await page.getByTestId('stat-posture-gaps').locator('.stat-value').textContent()).toBe(
      String(report.gaps.length),
    );
    // The chart states every number as text: the overall score and the five directions.
    const bars = page.getByTestId('posture-city-bars');
    expect(await bars.locator('li').count()).toBe(6);
    const system = report.city.directions.system ?? null;
    expect(await bars.getByTestId('direction-bar-system').textContent()).toBe(
      `System${system === null ? '—' : `${system.toFixed(1)} of 100`}`,
    );
    expect(await page.getByTestId('posture-department-row').count()).toBe(2);
    expect(await page.getByTestId('posture-service-row').count()).toBe(2);

    // A department opens its gaps.
    await page.getByTestId('posture-department-row').getByRole('link', { name: 'Water Utility' }).click();
    await page.getByRole('heading', { name: 'Gaps' }).waitFor();
    expect(page.url()).toContain('department=water');
    const water = report.gaps.filter((g) => g.department === 'water').length;
    await expect.poll(() => gapRows(page).count()).toBe(water);
    expect(await gapRows(page).filter({ hasText: 'Energy' }).count()).toBe(0);
    await page.close();
  });

  it('renders a hostile asset name and a hostile reported state as text', async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/posture/gaps?control=SYS-AV-01`);
    const row = gapRows(page).filter({ hasText: 'scada-2' });
    await row.waitFor();
    // Asset names arrive with the city model, which may load after the gaps.
    await expect.poll(() => row.textContent()).toContain(HOSTILE_NAME);
    expect(await row.textContent()).toContain(`'antivirus' ${HOSTILE_STATE}`);
    expect(await row.getByRole('link', { name: 'scada-2' }).getAttribute('href')).toBe('/city/assets/scada-2');
    expect(await page.locator('table img, table script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  });

  it("attests a management control through the page, and the gap is gone from the list and the auditors' CSV", async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/posture/gaps`);
    await page.getByLabel('Control').selectOption('MGT-IR-01');
    await expect.poll(() => gapRows(page).count()).toBe(2);
    // Telemetry controls are evidenced by devices: no attestation offered.
    await page.getByLabel('Control').selectOption('SYS-AV-01');
    // Both controls have two gaps: wait for the new rows, not just the count, before looking for buttons.
    await expect.poll(() => gapRows(page).filter({ hasText: 'SYS-AV-01' }).count()).toBe(2);
    expect(await gapRows(page).count()).toBe(2);
    expect(await page.getByRole('button', { name: /^Attest/ }).count()).toBe(0);

    await page.getByLabel('Control').selectOption('MGT-IR-01');
    await page.getByRole('button', { name: 'Attest MGT-IR-01 for Water Utility' }).click();
    const panel = page.getByTestId('attest-panel');
    const until = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await panel.getByLabel('Valid until').fill(until);
    // Too short a note is refused in the page before anything is sent.
    await panel.getByLabel('Note').fill('ok');
    await panel.getByRole('button', { name: 'Attest' }).click();
    await panel.getByRole('alert').waitFor();
    await panel.getByLabel('Note').fill('e2e: IR plan v4 reviewed; tabletop exercise with the SOC held last week');
    await panel.getByRole('button', { name: 'Attest' }).click();
    await page.getByTestId('posture-notice').waitFor();
    expect(await page.getByTestId('posture-notice').textContent()).toBe(
      `MGT-IR-01 attested for Water Utility until ${until}.`,
    );
    await expect.poll(() => gapRows(page).count()).toBe(1);
    expect(await gapRows(page).first().textContent()).toContain('Energy');
    const report = await api<Report>('/api/posture');
    expect(findGap(report, 'MGT-IR-01', 'water')).toBeUndefined();

    // The auditors' download: the gaps as CSV, without the one just closed.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('posture-export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^citysoc-posture-\d{4}-\d{2}-\d{2}-gaps\.csv$/);
    const records = parse(readFileSync(await download.path()), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(records).toHaveLength(report.gaps.length);
    expect(records.some((r) => r.control === 'MGT-IR-01' && r.target === 'water')).toBe(false);
    expect(records.find((r) => r.control === 'MGT-IR-01' && r.target === 'energy')).toMatchObject({
      iso27001: 'A.5.24; A.5.26',
    });
    await page.close();
  });

  it('lists the control catalogue with evidence in words, references and pass counts', async () => {
    const summary = await api<
      { control: string; pass: number; fail: number; stale: number; missing: number; total: number }[]
    >('/api/posture/controls/summary');
    const av = summary.find((s) => s.control === 'SYS-AV-01')!;
    const page = await browser.newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/posture/controls`);
    const row = page.getByTestId('posture-control-row').filter({ hasText: 'SYS-AV-01' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('device telemetry `antivirus` in [ok, protected, up_to_date], at most 1 day old');
    expect(text).toContain('ISO/IEC 27001:2022 Annex AA.8.7');
    expect(text).toContain('IEC 62443-3-3SR 3.2');
    expect(av).toMatchObject({ pass: 1, total: 3 });
    await expect.poll(() => row.getByTestId('control-targets').textContent()).toContain('1 pass, 2 fail of 3');
    await page.close();
  });
});
