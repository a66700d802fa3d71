import { type NotificationList, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as timeOrderedUuid } from 'uuid';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../platform/webhook.ts';
import { createApp } from '../../server.ts';
import { bearer } from '../../testing/bearer.ts';
import { createTestCity, TEST_PASSWORD, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { startSmtpServer, startWebhookReceiver } from './notification-servers.testing.ts';

type Headers = Record<string, string>;

const storm = (departmentId: string | null, n: number) => ({
  kind: 'alert.created',
  severity: 'high' as const,
  title: `Door forced at plant ${n}`,
  body: 'Rule door-forced raised an alert.',
  departmentId,
  link: '/alerts',
  recipients: { permission: 'alerts.triage' },
});

describe.each(testDatabaseKinds())('notifications on $kind', (kind) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let city: TestCity;
  let app: HttpServer;

  async function session(username: string): Promise<Headers> {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: TEST_PASSWORD },
    });
    const cookie = `citysoc_session=${login.cookies.find((c) => c.name === 'citysoc_session')?.value ?? ''}`;
    return { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
  }

  const inbox = async (headers: Headers) =>
    (await app.inject({ url: '/api/notifications', headers })).json() as NotificationList;

  beforeEach(async () => {
    smtp = await startSmtpServer(['nobody@water.example']);
    receiver = await startWebhookReceiver((path) => (path === '/broken' ? 400 : 200));
    city = await createTestCity(kind, {
      smtpUrl: smtp.url,
      smtpFrom: 'CitySOC <soc@city.example>',
      publicUrl: 'https://soc.city.example',
    });
    app = await createApp(city.services);
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
    await smtp.close();
    await receiver.close();
  });

  it('e-mails the people of the department over SMTP and stores their in-app notification', async () => {
    const wendy = await city.addUser('wendy', 'responder', ['water']);
    const eric = await city.addUser('eric', 'responder', ['energy']);
    const olga = await city.addUser('olga', 'soc_operator');
    const sam = await city.addUser('sam', 'responder', ['water']);
    await city.addUser('dora', 'data_owner', ['water']);
    const notifications = city.services.notifications;
    await notifications.setPreferences(wendy, { email: 'wendy@water.example' });
    await notifications.setPreferences(eric, { email: 'eric@energy.example' });
    await notifications.setPreferences(sam, {
      email: 'sam@water.example',
      rules: [{ kinds: '*', minSeverity: 'critical' }],
    });
    // Olga wants alerts in the app only; Dora has turned off everything below critical.
    await notifications.setPreferences(olga, {
      email: 'olga@city.example',
      rules: [{ kinds: 'alert.*', minSeverity: 'high', inApp: true, email: false }],
    });

    await notifications.notify(storm('water', 1));
    await notifications.idle();

    expect(smtp.mails.map((m) => m.to && 'text' in m.to && m.to.text)).toEqual(['wendy@water.example']);
    const [mail] = smtp.mails;
    expect(mail?.subject).toBe('[CitySOC] [HIGH] Door forced at plant 1');
    expect(mail?.from?.text).toContain('soc@city.example');
    expect(mail?.text).toContain('Open in CitySOC: https://soc.city.example/alerts');
    // In-app: the water responder and the city-wide operator; not energy, not the data owner (no triage right),
    // and not Sam, whose preferences start at critical.
    expect((await inbox(await session('wendy'))).items.map((n) => n.title)).toEqual(['Door forced at plant 1']);
    expect((await inbox(await session('olga'))).unread).toBe(1);
    expect((await inbox(await session('eric'))).total).toBe(0);
    expect((await inbox(await session('dora'))).total).toBe(0);
    expect((await inbox(await session('sam'))).total).toBe(0);
    const deliveries = await notifications.deliveries(SYSTEM_PRINCIPAL, { channel: 'email' });
    expect(deliveries).toEqual([expect.objectContaining({ status: 'sent', target: 'wendy', attempts: 1 })]);
  });

  it('records an e-mail the server refuses as failed, with the reason, for administrators', async () => {
    const wendy = await city.addUser('wendy', 'responder', ['water']);
    await city.addUser('root', 'admin');
    await city.services.notifications.setPreferences(wendy, { email: 'nobody@water.example' });
    await city.services.notifications.notify({ ...storm('water', 1), severity: 'critical' });
    await city.services.notifications.idle();
    const failed = await app.inject({
      url: '/api/notifications/deliveries?status=failed',
      headers: await session('root'),
    });
    expect(failed.json()).toEqual([
      expect.objectContaining({
        channel: 'email',
        target: 'wendy',
        attempts: 1,
        error: expect.stringContaining('550'),
      }),
    ]);
    expect(
      (await app.inject({ url: '/api/notifications/deliveries', headers: await session('wendy') })).statusCode,
    ).toBe(403);
  });

  it('calls webhook channels signed, in their format, only for their department', async () => {
    await city.addUser('root', 'admin');
    const root = await session('root');
    const create = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/notifications/channels', headers: root, payload });
    const secret = 'a-shared-secret-of-some-length';
    const json = await create({
      name: 'SOAR',
      url: `${receiver.url}/soar`,
      format: 'json',
      secret,
      minSeverity: 'high',
    });
    expect(json.statusCode).toBe(201);
    expect(json.json()).toMatchObject({ hasSecret: true, format: 'json', kinds: ['*'] });
    expect(JSON.stringify(json.json())).not.toContain(secret);
    await create({ name: 'Water room', url: `${receiver.url}/slack`, format: 'slack', departmentId: 'water' });
    await create({ name: 'Energy room', url: `${receiver.url}/teams`, format: 'teams', departmentId: 'energy' });
    await create({ name: 'Only incidents', url: `${receiver.url}/incidents`, kinds: ['incident.*'] });

    await city.services.notifications.notify(storm('water', 7));
    await city.services.notifications.idle();

    expect(receiver.calls.map((c) => c.path).sort()).toEqual(['/slack', '/soar']);
    const soar = receiver.calls.find((c) => c.path === '/soar');
    const timestamp = String(soar?.headers[TIMESTAMP_HEADER]);
    expect(soar?.headers[SIGNATURE_HEADER]).toBe(signWebhook(secret, timestamp, soar?.body ?? ''));
    expect(JSON.parse(soar?.body ?? '')).toMatchObject({
      type: 'citysoc.notification',
      kind: 'alert.created',
      severity: 'high',
      departmentId: 'water',
      link: 'https://soc.city.example/alerts',
    });
    const slack = JSON.parse(receiver.calls.find((c) => c.path === '/slack')?.body ?? '') as Record<string, unknown>;
    expect(slack.text).toBe('[HIGH] Door forced at plant 7');
    expect(slack.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'header' })]));
    expect(receiver.calls.find((c) => c.path === '/slack')?.headers[SIGNATURE_HEADER]).toBeUndefined();
  });

  it('tests a channel on request and shows the failure; channel changes are audited', async () => {
    await city.addUser('root', 'admin');
    await city.addUser('wendy', 'responder', ['water']);
    const root = await session('root');
    const created = await app.inject({
      method: 'POST',
      url: '/api/notifications/channels',
      headers: root,
      payload: { name: 'Broken', url: `${receiver.url}/broken` },
    });
    const { id } = created.json() as { id: string };
    const test = await app.inject({ method: 'POST', url: `/api/notifications/channels/${id}/test`, headers: root });
    expect(test.json()).toMatchObject({ status: 'failed', httpStatus: 400, attempts: 1, error: 'HTTP 400' });
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/notifications/channels/${id}`,
      headers: root,
      payload: { url: `${receiver.url}/fixed`, enabled: false },
    });
    expect(patched.json()).toMatchObject({ enabled: false, url: `${receiver.url}/fixed` });
    const ok = await app.inject({ method: 'POST', url: `/api/notifications/channels/${id}/test`, headers: root });
    expect(ok.json()).toMatchObject({ status: 'sent', httpStatus: 200 });
    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/notifications/channels',
      headers: root,
      payload: { name: 'Broken', url: receiver.url },
    });
    expect(duplicate.statusCode).toBe(409);
    const wendy = await session('wendy');
    expect((await app.inject({ url: '/api/notifications/channels', headers: wendy })).statusCode).toBe(403);
    const remove = (headers: Headers) =>
      app.inject({ method: 'DELETE', url: `/api/notifications/channels/${id}`, headers });
    expect((await remove(wendy)).statusCode).toBe(403);
    expect((await remove(root)).statusCode).toBe(204);
    const audit = await city.services.audit.list(SYSTEM_PRINCIPAL, {
      limit: 20,
      target: { type: 'notification_channel', id },
    });
    expect(audit.map((e) => e.action).sort()).toEqual([
      'notification_channel.create',
      'notification_channel.delete',
      'notification_channel.test',
      'notification_channel.test',
      'notification_channel.update',
    ]);
  });

  it('serves each person only their own notifications, marks them read, and refuses tokens', async () => {
    const wendy = await city.addUser('wendy', 'responder', ['water']);
    const olga = await city.addUser('olga', 'soc_operator');
    const notify = (userIds: string[], title: string) =>
      city.services.notifications.notify({
        kind: 'incident.assigned',
        severity: 'medium',
        title,
        body: '',
        departmentId: 'water',
        recipients: { userIds },
      });
    await notify([wendy.id], 'First');
    await notify([wendy.id, olga.id], 'Second');
    const headers = await session('wendy');
    const before = await inbox(headers);
    expect(before).toMatchObject({ total: 2, unread: 2 });
    const second = before.items.find((n) => n.title === 'Second');
    const read = await app.inject({ method: 'POST', url: `/api/notifications/${second?.id}/read`, headers });
    expect(read.json()).toMatchObject({ title: 'Second', readAt: expect.any(String) });
    // Unread first, whatever their age.
    expect((await inbox(headers)).items.map((n) => n.title)).toEqual(['First', 'Second']);
    const count = await app.inject({ url: '/api/notifications/unread-count', headers });
    expect(count.json()).toEqual({ unread: 1 });
    // Olga's copy is hers: Wendy cannot mark it.
    const olgas = (await inbox(await session('olga'))).items[0];
    expect(
      (await app.inject({ method: 'POST', url: `/api/notifications/${olgas?.id}/read`, headers })).statusCode,
    ).toBe(404);
    const all = await app.inject({ method: 'POST', url: '/api/notifications/read-all', headers });
    expect(all.json()).toEqual({ updated: 1 });
    expect((await inbox(headers)).unread).toBe(0);
    const token = await bearer(city.services, 'read');
    expect((await app.inject({ url: '/api/notifications', headers: token })).statusCode).toBe(403);
  });

  it("signals the recipient's dashboard live, and nobody else's", async () => {
    const wendy = await city.addUser('wendy', 'responder', ['water']);
    const olga = await city.addUser('olga', 'soc_operator');
    const heard: string[] = [];
    const listen = (principal: typeof wendy) =>
      city.services.live.subscribe({ principal, send: (topic) => heard.push(`${principal.name}:${topic}`) });
    const stops = [listen(wendy), listen(olga)];
    await city.services.notifications.notify({
      kind: 'incident.assigned',
      severity: 'low',
      title: 'Yours',
      body: '',
      departmentId: 'water',
      recipients: { userIds: [wendy.id] },
    });
    await expect.poll(() => heard, { timeout: 3000 }).toContain('wendy:notifications');
    expect(heard).not.toContain('olga:notifications');
    for (const stop of stops) stop?.();
  });

  it('keeps preferences with the address sealed and out of the audit log', async () => {
    await city.addUser('wendy', 'responder', ['water']);
    const headers = await session('wendy');
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      headers,
      payload: { email: 'wendy@water.example', rules: [{ kinds: 'incident.*', minSeverity: 'medium', email: true }] },
    });
    expect(saved.json()).toMatchObject({
      email: 'wendy@water.example',
      emailAvailable: true,
      rules: [{ kinds: 'incident.*', minSeverity: 'medium', inApp: true, email: true }],
    });
    const stored = await city.services.store.db.selectFrom('notification_preferences').selectAll().execute();
    expect(stored[0]?.email_sealed).toMatch(/^enc:v1:/);
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      headers,
      payload: { rules: [{ kinds: 'incident.**' }] },
    });
    expect(bad.statusCode).toBe(400);
    const audit = await city.services.audit.list(SYSTEM_PRINCIPAL, { limit: 10 });
    const entry = audit.find((e) => e.action === 'notification_preferences.update');
    expect(entry?.details).toMatchObject({ email: 'set' });
    expect(JSON.stringify(audit)).not.toContain('wendy@water.example');
  });

  it('notifies the triage people of the department about new high and critical alerts only', async () => {
    await city.addUser('wendy', 'responder', ['water']);
    await city.addUser('eric', 'responder', ['energy']);
    const { notifications, store } = city.services;
    await notifications.notifyNewAlerts(); // fixes the starting point: earlier alerts are history
    const alert = (level: string, department: string, rule: string) => ({
      id: timeOrderedUuid(),
      rule_id: rule,
      event_id: timeOrderedUuid(),
      ts: new Date().toISOString(),
      created_at: new Date().toISOString(),
      level,
      title: `Rule ${rule}`,
      department_id: department,
      status: 'new',
      status_changed_at: null,
      status_changed_by: null,
      document: '{}',
    });
    await store.db
      .insertInto('alerts')
      .values([
        alert('high', 'water', 'door-forced'),
        alert('medium', 'water', 'noise'),
        alert('critical', 'energy', 'breaker'),
        alert('high', 'water', 'door-forced'),
      ])
      .execute();
    expect(await notifications.notifyNewAlerts()).toBe(4);
    expect(await notifications.notifyNewAlerts()).toBe(0);
    const water = await inbox(await session('wendy'));
    // The second door-forced alert repeats the first's dedupe key: counted, not sent.
    expect(water.items.map((n) => n.title)).toEqual(['High alert: Rule door-forced']);
    expect(water.heldBack).toEqual([expect.objectContaining({ channel: 'in_app', count: 1 })]);
    expect((await inbox(await session('eric'))).items.map((n) => n.title)).toEqual(['Critical alert: Rule breaker']);
  });
});
