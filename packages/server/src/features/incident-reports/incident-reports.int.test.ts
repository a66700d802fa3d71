import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { doorForced, importIncidentCity, logIn, raiseAlerts, type Session } from '../incidents/incident-test-city.ts';
import { pdfTextLines } from '../../platform/pdf-text.testing.ts';

const HOSTILE_TITLE = '<script>alert(1)</script> pump & "valve"';

describe.each(testDatabaseKinds())('incident reports on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let operator: Session;
  let waterResponder: Session;
  let energyResponder: Session;
  let energyAuditor: Session;
  let cio: Session;
  let water: { id: string; ref: string };
  let energy: { id: string; ref: string };

  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, session: Session, payload?: unknown) =>
    app.inject({ method, url, headers: { ...session }, ...(payload !== undefined && { payload: payload as object }) });

  /** Moves a case's opening and phase changes to fixed times, as if it had been worked then. */
  async function backdate(
    id: string,
    createdAt: string,
    history: { at: string; to: string }[],
    closedAt: string | null,
  ) {
    await sql`update incidents set created_at = ${createdAt}, status_history = ${JSON.stringify(history)},
      closed_at = ${closedAt} where id = ${id}`.execute(city.services.store.db);
  }

  beforeEach(async () => {
    city = await createTestCity(kind);
    await importIncidentCity(city);
    app = await createApp(city.services);
    await city.addUser('olga', 'soc_operator');
    await city.addUser('wanda', 'responder', ['water']);
    await city.addUser('erik', 'responder', ['energy']);
    await city.addUser('ann', 'auditor', ['energy']);
    await city.addUser('carla', 'cio');
    operator = await logIn(app, 'olga');
    waterResponder = await logIn(app, 'wanda');
    energyResponder = await logIn(app, 'erik');
    energyAuditor = await logIn(app, 'ann');
    cio = await logIn(app, 'carla');
    const [alert] = await raiseAlerts(city, 'water', [doorForced('plant-door', '2026-03-02T09:30:00Z')]);
    const created = await send('POST', '/api/incidents', operator, {
      title: HOSTILE_TITLE,
      description: 'Door forced at <b>plant A</b>',
      alertIds: [alert!.id],
      severity: 'critical',
      techniques: ['T0883'],
    });
    expect(created.statusCode).toBe(201);
    water = created.json<{ id: string; ref: string }>();
    await send('POST', `/api/incidents/${water.id}/tasks`, operator, { title: 'Check the lock' });
    await send('POST', `/api/incidents/${water.id}/observables`, operator, {
      type: 'ip',
      value: '203.0.113.7',
      tlp: 'red',
    });
    energy = (
      await send('POST', '/api/incidents', operator, {
        title: 'Substation probe',
        departmentId: 'energy',
        severity: 'high',
      })
    ).json<{ id: string; ref: string }>();
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  it('renders the incident report as a self-contained HTML document with every value escaped', async () => {
    expect(
      (await send('PUT', `/api/incidents/${water.id}/lessons`, waterResponder, { text: 'Alarm the <door> sensor' }))
        .statusCode,
    ).toBe(200);
    const response = await send('GET', `/api/incidents/${water.id}/report.html`, waterResponder);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="citysoc-${water.ref.toLowerCase()}-report.html"`,
    );
    const page = response.body;
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; pump &amp; &quot;valve&quot;');
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<b>plant A</b>');
    expect(page).toContain('Alarm the &lt;door&gt; sensor');
    // The observable is TLP:RED, so the whole report is.
    expect(page).toContain('TLP:RED');
    expect(page).toContain('203.0.113.7');
    expect(page).toContain('Drinking water (water-supply)');
    expect(page).toContain('250,000');
    expect(page).toContain('Check the lock');
    expect(page).toContain('Time to detect');
    expect(page).toContain('No playbook ran on this case.');
  });

  it('renders the PDF with the reference, the marking and the lessons', async () => {
    await send('PUT', `/api/incidents/${water.id}/lessons`, waterResponder, { text: 'Replace the door sensor' });
    const response = await send('GET', `/api/incidents/${water.id}/report.pdf`, waterResponder);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfTextLines(pdf).join('\n');
    expect(text).toContain(water.ref);
    expect(text).toContain('TLP:RED');
    expect(text).toContain('Replace the door sensor');
    expect(text).toContain('<script>alert(1)</script> pump');
  });

  it("answers 404 to another department's reader for the report and the lessons", async () => {
    for (const suffix of ['report.html', 'report.pdf', 'lessons']) {
      expect((await send('GET', `/api/incidents/${water.id}/${suffix}`, energyResponder)).statusCode).toBe(404);
    }
    expect((await send('PUT', `/api/incidents/${water.id}/lessons`, energyResponder, { text: 'x' })).statusCode).toBe(
      404,
    );
    expect((await send('GET', `/api/incidents/${energy.id}/report.html`, energyResponder)).statusCode).toBe(200);
  });

  it('keeps the lessons learned, audited and noted on the timeline; readers may not write them', async () => {
    const put = await send('PUT', `/api/incidents/${water.id}/lessons`, waterResponder, { text: 'Patch faster' });
    expect(put.json()).toMatchObject({ incidentId: water.id, text: 'Patch faster', updatedBy: 'wanda' });
    const got = await send('GET', `/api/incidents/${water.id}/lessons`, operator);
    expect(got.json<{ text: string }>().text).toBe('Patch faster');
    const detail = (await send('GET', `/api/incidents/${water.id}`, operator)).json<{
      timeline: { kind: string; text: string }[];
    }>();
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'lessons', text: 'Lessons learned updated' });
    const audit = (await send('GET', `/api/audit?limit=20&target=incident:${water.id}`, cio)).json<
      { action: string }[]
    >();
    expect(audit.map((e) => e.action)).toContain('incident.lessons.update');
    expect((await send('PUT', `/api/incidents/${energy.id}/lessons`, energyAuditor, { text: 'x' })).statusCode).toBe(
      403,
    );
    expect((await send('PUT', `/api/incidents/${water.id}/lessons`, waterResponder, { txt: 'x' })).statusCode).toBe(
      400,
    );
  });

  it('computes metrics within the reader’s departments, grouped by department', async () => {
    const all = await send('GET', '/api/incidents/metrics?groupBy=department&interval=week', operator);
    expect(all.statusCode).toBe(200);
    const body = all.json<{ overall: { incidents: number }; groups: { key: string; label: string }[] }>();
    expect(body.overall.incidents).toBe(2);
    expect(body.groups.map((g) => g.label).sort()).toEqual(['Energy', 'Water Utility']);
    const scoped = (await send('GET', '/api/incidents/metrics?groupBy=severity', energyResponder)).json<{
      overall: { incidents: number };
      groups: { key: string }[];
    }>();
    expect(scoped.overall.incidents).toBe(1);
    expect(scoped.groups.map((g) => g.key)).toEqual(['high']);
    expect((await send('GET', '/api/incidents/metrics?from=2026-03-02&to=2026-03-01', operator)).statusCode).toBe(400);
    expect((await send('GET', '/api/incidents/metrics?groupBy=planet', operator)).statusCode).toBe(400);
  });

  it('reports a month with the numbers of the cases worked in it, within the reader’s departments', async () => {
    await backdate(
      water.id,
      '2026-03-02T10:00:00.000Z',
      [
        { at: '2026-03-02T10:10:00.000Z', to: 'triage' },
        { at: '2026-03-02T11:00:00.000Z', to: 'containment' },
        { at: '2026-03-02T12:00:00.000Z', to: 'eradication' },
        { at: '2026-03-02T14:00:00.000Z', to: 'recovery' },
        { at: '2026-03-02T16:00:00.000Z', to: 'post_incident' },
        { at: '2026-03-03T09:00:00.000Z', to: 'closed' },
      ],
      '2026-03-03T09:00:00.000Z',
    );
    // The water case touched personal data; the authority was told 48 hours after the clock started.
    await sql`update incidents set breach_started_at = ${'2026-03-02T10:00:00.000Z'},
      breach_notified_at = ${'2026-03-04T10:00:00.000Z'} where id = ${water.id}`.execute(city.services.store.db);
    await backdate(
      energy.id,
      '2026-03-10T00:00:00.000Z',
      [{ at: '2026-03-10T00:05:00.000Z', to: 'containment' }],
      null,
    );

    const response = await send('GET', '/api/reports/monthly?month=2026-03', cio);
    expect(response.statusCode).toBe(200);
    const report = response.json<{
      scope: string;
      activity: Record<string, number>;
      bySeverity: { severity: string; opened: number }[];
      byService: { id: string; incidents: number }[];
      techniques: { id: string; incidents: number }[];
      summary: { mttd: { meanMinutes: number }; mtta: { meanMinutes: number }; mttr: { meanMinutes: number } };
      trend: { month: string; incidents: number }[];
      personalDataBreaches: Record<string, number>;
    }>();
    expect(report.scope).toBe('All departments');
    expect(report.activity).toEqual({ opened: 2, closed: 1, openAtStart: 0, openAtEnd: 1 });
    expect(
      report.bySeverity
        .filter((s) => s.opened > 0)
        .map((s) => s.severity)
        .sort(),
    ).toEqual(['critical', 'high']);
    expect(report.byService).toEqual([expect.objectContaining({ id: 'water-supply', incidents: 1 })]);
    expect(report.techniques).toEqual([expect.objectContaining({ id: 'T0883', incidents: 1 })]);
    // Water: evidence 09:30, opened 10:00, acknowledged 10:10, resolved 16:00. Energy: acknowledged after 5 min.
    expect(report.personalDataBreaches).toEqual({ total: 1, notifiedInTime: 1, notifiedLate: 0, notNotified: 0 });
    expect(report.summary.mttd.meanMinutes).toBe(30);
    expect(report.summary.mtta.meanMinutes).toBe(7.5);
    expect(report.summary.mttr.meanMinutes).toBe(360);
    expect(report.trend.map((t) => [t.month, t.incidents])).toEqual([
      ['2025-10', 0],
      ['2025-11', 0],
      ['2025-12', 0],
      ['2026-01', 0],
      ['2026-02', 0],
      ['2026-03', 2],
    ]);

    const scoped = (await send('GET', '/api/reports/monthly?month=2026-03', energyAuditor)).json<typeof report>();
    expect(scoped.scope).toBe('Energy');
    expect(scoped.activity.opened).toBe(1);
    expect(scoped.byService).toEqual([]);
    expect((await send('GET', '/api/reports/monthly?month=2026-03', energyResponder)).statusCode).toBe(403);
    expect((await send('GET', '/api/reports/monthly?month=2026-13', cio)).statusCode).toBe(400);

    const pdf = await send('GET', '/api/reports/monthly.pdf?month=2026-03', cio);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfTextLines(pdf.rawPayload).join('\n')).toContain('CitySOC monthly security report: March 2026');
    const page = (await send('GET', '/api/reports/monthly.html?month=2026-03', cio)).body;
    expect(page).toContain('March 2026');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script');
  });
});
