import { type PostureReport, SYSTEM_PRINCIPAL, type TokenScope } from '@citysoc/core';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { EXPORT_COLUMNS } from './posture-export.ts';
import { pageCount, pdfTextLines } from '../../platform/pdf-text.testing.ts';

interface Gap {
  control: string;
  target: { kind: string; id: string };
  department: string;
  status: string;
  reason: string;
  since: string;
}

describe.each(testDatabaseKinds())('posture exports on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let admin: Record<string, string>;

  async function bearer(scope: TokenScope, departmentId: string | null = null) {
    const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
      name: `${scope}-${departmentId ?? 'city'}`,
      scope,
      departmentId,
      expiresInDays: null,
    });
    return { authorization: `Bearer ${token}` };
  }

  beforeEach(async () => {
    city = await createTestCity(kind);
    app = await createApp(city.services);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)),
    );
    await city.services.city.current();
    // A hostile agent: its state lands in the gap's reason, with quotes, a comma, a line break and a formula.
    const reports = [
      { device_id: 'scada-1', metric: 'antivirus', state: 'OK' },
      { device_id: 'scada-2', metric: 'antivirus', state: "disabled\",=cmd|' /c calc'!a0\r\nnext" },
    ];
    await city.services.ingest.ingest(
      { channel: 'http', departmentId: null, format: 'ndjson' },
      reports.map((r) => JSON.stringify({ ...r, ts: new Date().toISOString() })),
    );
    await city.services.detection.catchUp();
    const stored = async () =>
      (await city.services.store.db.selectFrom('posture_observations').selectAll().execute()).length;
    for (let i = 0; i < 50 && (await stored()) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await city.services.posture.evaluate();
    admin = await bearer('admin');
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  const get = (url: string, headers: Record<string, string>) => app.inject({ url, headers });
  const csvRecords = (text: string) => parse(text, { bom: true, columns: true }) as Record<string, string>[];

  it('exports the gaps as CSV that parses back to the same gaps, with their framework references', async () => {
    const report = (await get('/api/posture', admin)).json() as PostureReport;
    const response = await get('/api/posture/export.csv', admin);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="citysoc-posture-\d{4}-\d{2}-\d{2}-gaps\.csv"$/,
    );
    const records = csvRecords(response.body);
    expect(Object.keys(records[0] ?? {})).toEqual([...EXPORT_COLUMNS]);
    expect(
      records.map((r) => ({
        control: r.control,
        target: { kind: r.target_kind, id: r.target },
        department: r.department,
        status: r.status,
        reason: r.reason,
        since: r.since,
      })),
    ).toEqual(
      (report.gaps as Gap[]).map((g) => ({
        control: g.control,
        target: g.target,
        department: g.department,
        status: g.status,
        reason: g.reason,
        since: g.since,
      })),
    );
    const av = records.find((r) => r.control === 'SYS-AV-01' && r.target === 'scada-2');
    // The hostile state comes back intact (lower-cased by the collector), quoted rather than breaking the row.
    expect(av?.reason).toMatch(/^'antivirus' disabled",=cmd\|' \/c calc'!a0\r\nnext /);
    expect(av).toMatchObject({ status: 'fail', iso27001: 'A.8.7' });
    expect(records.find((r) => r.control === 'MGT-ACC-01')?.iec62443).toBe('SR 2.1');
    expect(records.some((r) => r.control === 'SYS-AV-01' && r.target === 'scada-1')).toBe(false);
  });

  it('exports every result, passing ones too, when asked', async () => {
    const all = csvRecords((await get('/api/posture/export.csv?results=all', admin)).body);
    const report = (await get('/api/posture', admin)).json() as PostureReport;
    expect(all).toHaveLength(report.city.results);
    expect(all.filter((r) => r.status === 'pass')).toHaveLength(report.city.passing);
    expect(all.find((r) => r.control === 'SYS-AV-01' && r.target === 'scada-1')).toMatchObject({ status: 'pass' });
    expect((await get('/api/posture/export.csv?results=some', admin)).statusCode).toBe(400);
  });

  it("gives a department's reader only their department's rows, and refuses another department", async () => {
    const energy = await bearer('read', 'energy');
    for (const url of ['/api/posture/export.csv', '/api/posture/export.csv?results=all']) {
      const records = csvRecords((await get(url, energy)).body);
      expect(records.length).toBeGreaterThan(0);
      expect(records.every((r) => r.department === 'energy')).toBe(true);
    }
    for (const url of [
      '/api/posture/export.csv?department=water',
      '/api/posture/report.pdf?department=water',
      '/api/posture/controls/summary?department=water',
    ]) {
      expect((await get(url, energy)).statusCode).toBe(404);
    }
    const pdf = (await get('/api/posture/report.pdf', energy)).rawPayload;
    const text = pdfTextLines(pdf).join('\n');
    expect(text).toContain('Scope: Energy');
    expect(text).not.toContain('Water Utility');
    expect(text).not.toContain('scada-2');
    expect((await get('/api/posture/export.csv', {})).statusCode).toBe(401);
  });

  it('renders a PDF report with the city score, each department and the gaps with references', async () => {
    const report = (await get('/api/posture', admin)).json() as PostureReport;
    const response = await get('/api/posture/report.pdf', admin);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/filename="citysoc-posture-[\d-]+\.pdf"/);
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(0);
    const lines = pdfTextLines(pdf);
    const text = lines.join('\n');
    expect(text).toContain(`City score: ${report.city.score!.toFixed(1)} / 100`);
    expect(text).toContain('Scope: All departments');
    expect(text).toContain('Water Utility');
    expect(text).toContain('Energy');
    expect(text).toContain(`Gaps by control (${report.gaps.length} gaps)`);
    expect(text).toContain('MGT-IR-01');
    expect(text).toContain('SR 2.1');
    expect(lines.filter((l) => l.startsWith('CitySOC posture report - page '))).toHaveLength(pages);
    expect(text).toContain(`page ${pages} of ${pages}`);
  });

  it('counts passing and failing targets per control for your departments', async () => {
    const summary = (await get('/api/posture/controls/summary', admin)).json() as {
      control: string;
      pass: number;
      fail: number;
      missing: number;
      total: number;
    }[];
    const av = summary.find((s) => s.control === 'SYS-AV-01');
    expect(av).toMatchObject({ pass: 1, fail: 1 });
    expect(summary.find((s) => s.control === 'MGT-IR-01')).toMatchObject({ pass: 0, missing: 2, total: 2 });
    const energy = (await get('/api/posture/controls/summary', await bearer('read', 'energy'))).json() as {
      control: string;
      total: number;
    }[];
    expect(energy.find((s) => s.control === 'MGT-IR-01')?.total).toBe(1);
    expect(energy.find((s) => s.control === 'SYS-AV-01')?.total).toBeLessThan(av!.total);
  });
});
