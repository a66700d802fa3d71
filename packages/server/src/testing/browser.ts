import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium driven by playwright-core (no browser downloads on this network). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Logs in through the login form and waits for the overview. */
export async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}

/**
 * Sends events as the logged-in administrator would set up a shipper: creates an ingest token with the page's
 * session (and CSRF token), then posts the records as NDJSON with it. Returns the ingest answer's status.
 */
export function ingestFromPage(page: Page, records: readonly Record<string, unknown>[]): Promise<number> {
  return postIngest(page, records.map((record) => JSON.stringify(record)).join('\n'), 'application/x-ndjson');
}

/** The same for raw log lines (syslog, ClamAV, …), posted as text/plain for the log sources to recognise. */
export function ingestLinesFromPage(page: Page, lines: readonly string[]): Promise<number> {
  return postIngest(page, lines.join('\n'), 'text/plain');
}

function postIngest(page: Page, body: string, contentType: string): Promise<number> {
  return page.evaluate(
    async ({ body, contentType }) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const created = await fetch('/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ name: 'test shipper', scope: 'ingest' }),
      });
      const { token } = (await created.json()) as { token: string };
      const response = await fetch('/api/ingest', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        body,
      });
      return response.status;
    },
    { body, contentType },
  );
}
