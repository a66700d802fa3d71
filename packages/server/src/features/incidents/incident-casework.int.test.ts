import { createHash } from 'node:crypto';
import { InputError, type NotificationRequest, type Notifier, type Principal, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { createApp } from '../../server.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { incidentsDb } from './incident-tables.ts';
import { importIncidentCity, logIn, type Session } from './incident-test-city.ts';
import { createIncidentWatch } from './incident-watch.ts';
import { createIncidentsService } from './incidents.service.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(testDatabaseKinds())('incident evidence over HTTP on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let operator: Session;
  let energyResponder: Session;
  let incidentId: string;

  // One city for these tests: each uploads files of its own, so they do not see each other's work.
  beforeAll(async () => {
    city = await createTestCity(kind, { evidenceMaxBytes: 1024 });
    await importIncidentCity(city);
    app = await createApp(city.services);
    await city.addUser('olga', 'soc_operator');
    await city.addUser('erik', 'responder', ['energy']);
    operator = await logIn(app, 'olga');
    energyResponder = await logIn(app, 'erik');
    const created = await app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { ...operator },
      payload: { title: 'Phishing page on the portal', departmentId: 'water' },
    });
    incidentId = created.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await app.close();
    await city.dispose();
  });

  const upload = (session: Session, name: string, body: Buffer, contentType = 'text/html') =>
    app.inject({
      method: 'POST',
      url: `/api/incidents/${incidentId}/evidence?name=${encodeURIComponent(name)}`,
      headers: { ...session, 'content-type': contentType },
      payload: body,
    });

  it('stores a file with its SHA-256 and serves it back only as an attachment', async () => {
    const page = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const created = await upload(operator, '../../var/phish "login".html', page);
    expect(created.statusCode).toBe(201);
    const file = created.json<{ id: string; name: string; size: number; sha256: string; uploadedBy: string }>();
    expect(file).toMatchObject({
      name: 'phish login.html',
      size: page.length,
      sha256: sha256(page),
      uploadedBy: 'olga',
    });

    const download = await app.inject({
      url: `/api/incidents/${incidentId}/evidence/${file.id}`,
      headers: { ...operator },
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(page)).toBe(true);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="phish login.html"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['x-evidence-sha256']).toBe(sha256(page));

    const detail = await app.inject({ url: `/api/incidents/${incidentId}`, headers: { ...operator } });
    const body = detail.json<{ evidence: { id: string }[]; timeline: { kind: string; text: string }[] }>();
    expect(body.evidence.map((e) => e.id)).toContain(file.id);
    expect(body.timeline.find((e) => e.kind === 'evidence')?.text).toContain(sha256(page));
    const audit = await city.services.audit.list(SYSTEM_PRINCIPAL, {
      limit: 20,
      target: { type: 'incident', id: incidentId },
    });
    expect(audit.map((e) => e.action)).toContain('incident.evidence.add');
  });

  it('takes any content type as raw bytes, JSON included, and refuses files over the limit with 413', async () => {
    const json = Buffer.from('{"not": "parsed"}');
    const stored = await upload(operator, 'log.json', json, 'application/json');
    expect(stored.statusCode).toBe(201);
    expect(stored.json<{ sha256: string; contentType: string }>()).toMatchObject({
      sha256: sha256(json),
      contentType: 'application/json',
    });
    expect((await upload(operator, 'big.bin', Buffer.alloc(1025, 1))).statusCode).toBe(413);
    expect((await upload(operator, 'empty.bin', Buffer.alloc(0))).statusCode).toBe(400);
  });

  it('refuses to serve a file whose bytes no longer match the hash taken at upload', async () => {
    const file = (await upload(operator, 'capture.pcap', Buffer.from('original bytes'))).json<{ id: string }>();
    await incidentsDb(city.services.store.db)
      .updateTable('incident_evidence_chunks')
      .set({ data: Buffer.from('tampered bytes') })
      .where('evidence_id', '=', file.id)
      .execute();
    const download = await app.inject({
      url: `/api/incidents/${incidentId}/evidence/${file.id}`,
      headers: { ...operator },
    });
    expect(download.statusCode).toBe(503);
  });

  it("hides a department's evidence from another department's responder", async () => {
    const file = (await upload(operator, 'notes.txt', Buffer.from('secret'))).json<{ id: string }>();
    const asErik = (url: string) => app.inject({ url, headers: { ...energyResponder } });
    expect((await asErik(`/api/incidents/${incidentId}/evidence/${file.id}`)).statusCode).toBe(404);
    expect((await asErik(`/api/incidents/${incidentId}/evidence`)).statusCode).toBe(404);
    expect((await upload(energyResponder, 'x.txt', Buffer.from('x'))).statusCode).toBe(404);
  });
});

describe.each(testDatabaseKinds())('incident case work on $kind', (kind) => {
  let city: TestCity;
  let operator: Principal;
  let wendy: Principal;
  let walt: Principal;

  beforeEach(async () => {
    city = await createTestCity(kind);
    await importIncidentCity(city);
    operator = await city.addUser('olga', 'soc_operator');
    wendy = await city.addUser('wendy', 'responder', ['water']);
    walt = await city.addUser('walt', 'responder', ['water']);
  });
  afterEach(() => city.dispose());

  it('applies a template: title prefix, severity, team and tasks due from the opening', async () => {
    const team = await city.services.teams.create(operator, { name: 'Network security', departmentId: null });
    const created = await city.services.incidents.create(operator, {
      title: 'Ransomware on the billing server',
      departmentId: 'water',
      type: 'malware',
    });
    expect(created).toMatchObject({
      title: 'Malware: Ransomware on the billing server',
      severity: 'high',
      type: 'malware',
      teamId: team.id,
    });
    expect(created.tasks).toHaveLength(6);
    expect(created.tasks[0]?.due).toBe(new Date(Date.parse(created.createdAt) + 3_600_000).toISOString());
    expect(created.timeline.find((e) => e.kind === 'template')?.text).toContain('6 tasks');
    await expect(
      city.services.incidents.create(operator, { title: 'x', departmentId: 'water', type: 'no-such-type' }),
    ).rejects.toThrow(InputError);
    expect(city.services.incidents.templates(operator).map((t) => t.type)).toHaveLength(7);
  });

  it('starts the 72-hour clock only when a personal dataset is affected, and records the notification', async () => {
    await city.addUser('dora', 'data_owner', ['water']);
    const base = { owner: 'dora', department: 'water' };
    await city.services.dataProtection.datasets.create(SYSTEM_PRINCIPAL, {
      ...base,
      id: 'plant-telemetry',
      name: 'Plant telemetry',
      classification: 'internal',
      stored_on: ['plant-door'],
    });
    await city.services.dataProtection.datasets.create(SYSTEM_PRINCIPAL, {
      ...base,
      id: 'visitor-footage',
      name: 'Visitor footage',
      classification: 'personal',
      stored_on: ['plant-camera'],
      legal_basis: { basis: 'public_task', text: 'Site security' },
    });
    const incidents = city.services.incidents;
    const opened = await incidents.create(operator, { title: 'Door', departmentId: 'water', assetIds: ['plant-door'] });
    expect(opened.personalDataBreach).toBeNull();

    const touched = await incidents.update(operator, opened.id, { assetIds: ['plant-door', 'plant-camera'] });
    const breach = touched.personalDataBreach;
    expect(breach?.datasets.map((d) => d.id)).toEqual(['visitor-footage']);
    expect(Date.parse(breach!.notifyBy) - Date.parse(breach!.clockStartedAt)).toBe(72 * 3_600_000);
    expect(breach?.notifiedAt).toBeNull();
    expect(touched.timeline.filter((e) => e.kind === 'breach')).toHaveLength(1);

    const notified = await incidents.recordBreachNotification(operator, opened.id, {
      authority: 'Data Protection Authority',
      reference: 'DPA-2026-0042',
    });
    expect(notified.personalDataBreach).toMatchObject({ reference: 'DPA-2026-0042', notifiedBy: 'olga' });
    expect(notified.timeline.at(-1)?.text).toContain('within 72 hours');
    await expect(
      incidents.recordBreachNotification(operator, opened.id, { authority: 'DPA', reference: 'again' }),
    ).rejects.toThrow(/already notified/);
  });

  it('notifies the team lead of an SLA breach once, found by the periodic check, retrying a failed send', async () => {
    let now = new Date('2026-03-01T08:00:00.000Z');
    const sent: NotificationRequest[] = [];
    let failures = 1;
    const notifier: Notifier = {
      notify: (request) =>
        failures-- > 0 ? Promise.reject(new Error('SMTP down')) : Promise.resolve(void sent.push(request)),
    };
    const incidents = createIncidentsService({ ...city.services, now: () => now, notifier, templates: [] });
    const watch = createIncidentWatch({ incidents });
    const team = await city.services.teams.create(operator, {
      name: 'Water network',
      departmentId: 'water',
      memberIds: [wendy.id, walt.id],
      leadId: wendy.id,
    });
    const opened = await incidents.create(operator, {
      title: 'Pump station login failures',
      departmentId: 'water',
      severity: 'medium',
      teamId: team.id,
    });
    expect((await watch.check()).slaBreaches).toBe(0);
    now = new Date(now.getTime() + 9 * 3_600_000); // acknowledge target of medium on low criticality: 8 h
    expect(await watch.check()).toMatchObject({ slaBreaches: 1, notified: 0 });
    expect(await watch.check()).toMatchObject({ slaBreaches: 0, notified: 1 });
    expect(await watch.check()).toMatchObject({ slaBreaches: 0, notified: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      kind: 'incident.sla_breached',
      departmentId: 'water',
      recipients: { teamLeadsOf: [team.id] },
      link: `/incidents/${opened.id}`,
    });
    const detail = await incidents.get(operator, opened.id);
    expect(detail.timeline.filter((e) => e.kind === 'sla').map((e) => e.text)).toEqual([
      'SLA breached: acknowledge (target 8 h); telling the lead of Water network',
    ]);
    const summary = await incidents.summary(operator);
    expect(summary).toMatchObject({ slaBreached: 1, open: { medium: 1 } });
  });

  it('keeps a team lead and an on-call rotation with the current member on call', async () => {
    const shift = 24;
    const startsAt = new Date(Date.now() - 1.5 * shift * 3_600_000).toISOString();
    const team = await city.services.teams.create(operator, {
      name: 'OT/SCADA',
      departmentId: 'water',
      memberIds: [wendy.id, walt.id],
      leadId: wendy.id,
      rotation: { userIds: [wendy.id, walt.id], startsAt, shiftHours: shift },
    });
    expect(team.lead?.username).toBe('wendy');
    expect(team.onCall?.username).toBe('walt');
    expect(team.rotation?.members.map((m) => m.username)).toEqual(['wendy', 'walt']);
    const changed = await city.services.teams.update(operator, team.id, { memberIds: [walt.id] });
    expect(changed.lead).toBeNull();
    expect(changed.rotation?.members.map((m) => m.username)).toEqual(['walt']);
    await expect(city.services.teams.update(operator, team.id, { leadId: wendy.id })).rejects.toThrow(
      'The lead must be a member of the team',
    );
    await expect(city.services.teams.update(wendy, team.id, { name: 'Other' })).resolves.toMatchObject({
      name: 'Other',
    });
  });
});
