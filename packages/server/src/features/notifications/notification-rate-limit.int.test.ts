import { randomBytes } from 'node:crypto';
import { type NotificationRequest, type Principal, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../platform/secret-box.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { createNotificationsService, type EmailMessage, type NotificationsService, teamDirectoryOf } from './index.ts';
import { startWebhookReceiver } from './notification-servers.testing.ts';

const MINUTE = 60_000;

describe.each(testDatabaseKinds())('notification rate limits on $kind', (kind) => {
  let city: TestCity;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let clock: Date;
  let emails: EmailMessage[];
  const secrets = createSecretBox(randomBytes(32));
  const open: NotificationsService[] = [];

  /** A notifications service on the test city's database with a clock the test moves. */
  function service(): NotificationsService {
    const created = createNotificationsService({
      ...city.services,
      secrets,
      email: { send: (message) => Promise.resolve(void emails.push(message)), close: () => undefined },
      teams: teamDirectoryOf((ids) =>
        Promise.resolve(
          new Map(
            ids.flatMap((id) =>
              id === 'water-ot' ? [[id, { leadId: lead.id, memberIds: [lead.id, member.id] }] as const] : [],
            ),
          ),
        ),
      ),
      options: {
        smtpUrl: '',
        smtpFrom: 'soc@city.example',
        publicUrl: '',
        windowMinutes: 10,
        maxInApp: 3,
        maxEmails: 2,
        maxWebhook: 1,
        webhook: { backoffMs: 1 },
      },
      now: () => clock,
    });
    open.push(created);
    return created;
  }
  let lead: Principal;
  let member: Principal;

  beforeEach(async () => {
    city = await createTestCity(kind);
    receiver = await startWebhookReceiver();
    clock = new Date('2026-03-01T08:00:00.000Z');
    emails = [];
    lead = await city.addUser('lena', 'responder', ['water']);
    member = await city.addUser('max', 'responder', ['water']);
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await city.dispose();
    await receiver.close();
  });

  const alert = (n: number, dedupeKey?: string): NotificationRequest => ({
    kind: 'alert.created',
    severity: n === 9 ? 'critical' : 'high',
    title: `Alert ${n}`,
    body: '',
    departmentId: 'water',
    recipients: { userIds: [lead.id] },
    ...(dedupeKey !== undefined && { dedupeKey }),
  });

  it('holds back beyond the limit, shows the count, and sends one summary per channel when the window ends', async () => {
    const notifications = service();
    await notifications.setPreferences(lead, { email: 'lena@water.example' });
    await notifications.createChannel(SYSTEM_PRINCIPAL, { name: 'SOC room', url: receiver.url, format: 'json' });
    for (let n = 0; n < 10; n++) {
      clock = new Date(clock.getTime() + 1000);
      await notifications.notify(alert(n));
    }
    await notifications.idle();
    const during = await notifications.list(lead);
    expect(during.items.map((i) => i.title)).toEqual(['Alert 2', 'Alert 1', 'Alert 0']);
    expect(during.heldBack).toEqual([
      { channel: 'email', count: 8, until: '2026-03-01T08:10:01.000Z' },
      { channel: 'in_app', count: 7, until: '2026-03-01T08:10:01.000Z' },
    ]);
    expect(emails.map((e) => e.subject)).toEqual(['[CitySOC] [HIGH] Alert 0', '[CitySOC] [HIGH] Alert 1']);
    expect(receiver.calls).toHaveLength(1);

    // Nothing is summarised before the window ends.
    clock = new Date('2026-03-01T08:10:00.000Z');
    expect(await notifications.flushDue()).toBe(0);
    // A restart in between loses nothing: the windows are stored, and a new instance summarises them.
    await notifications.close();
    const restarted = service();
    clock = new Date('2026-03-01T08:10:01.000Z');
    expect(await restarted.flushDue()).toBe(3);
    await restarted.idle();
    const after = await restarted.list(lead);
    expect(after.heldBack).toEqual([]);
    expect(after.items[0]).toMatchObject({
      kind: 'notifications.held_back',
      title: '7 more notifications held back',
      severity: 'critical',
      heldBack: 7,
    });
    expect(after.items[0]?.body).toContain('alert.created: 7');
    expect(emails.at(-1)?.subject).toBe('[CitySOC] [CRITICAL] 8 more notifications held back');
    expect(JSON.parse(receiver.calls.at(-1)?.body ?? '')).toMatchObject({
      kind: 'notifications.held_back',
      heldBack: 9,
      title: '9 more notifications held back',
    });
    // The next notification opens a new window and is sent.
    await restarted.notify(alert(10));
    expect((await restarted.list(lead)).items[0]?.title).toBe('Alert 10');
  });

  it('counts repeats of a dedupe key within the window instead of sending them', async () => {
    const notifications = service();
    await notifications.notify(alert(1, 'rule-a'));
    await notifications.notify(alert(2, 'rule-a'));
    await notifications.notify(alert(3, 'rule-b'));
    expect((await notifications.list(lead)).items.map((i) => i.title)).toEqual(['Alert 3', 'Alert 1']);
    clock = new Date(clock.getTime() + 10 * MINUTE);
    // Past the window the same key is news again; the repeat became the summary.
    await notifications.notify(alert(4, 'rule-a'));
    expect((await notifications.list(lead)).items.map((i) => i.title)).toEqual([
      'Alert 4',
      '1 more notification held back',
      'Alert 3',
      'Alert 1',
    ]);
  });

  it('sends team news to the lead or the members, and only to those who may see the department', async () => {
    const notifications = service();
    const sla = (departmentId: string, recipients: NotificationRequest['recipients']): NotificationRequest => ({
      kind: 'incident.sla_breached',
      severity: 'high',
      title: `SLA breached in ${departmentId}`,
      body: '',
      departmentId,
      recipients,
    });
    await notifications.notify(sla('water', { teamLeadsOf: ['water-ot'] }));
    await notifications.notify(sla('water', { teamIds: ['water-ot'] }));
    await notifications.notify(sla('energy', { teamLeadsOf: ['water-ot'] }));
    expect((await notifications.list(lead)).items.map((i) => i.title)).toEqual([
      'SLA breached in water',
      'SLA breached in water',
    ]);
    expect((await notifications.list(member)).items.map((i) => i.title)).toEqual(['SLA breached in water']);
  });
});
