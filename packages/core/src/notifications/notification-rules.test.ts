import { describe, expect, it } from 'vitest';
import {
  admitNotification,
  channelsFor,
  heldBackSummary,
  kindMatches,
  type RateWindow,
  webhookPayload,
} from './notification-rules.ts';
import { PreferenceRule } from './notification-settings.ts';

const rule = (input: Partial<PreferenceRule> & { kinds: string }) => PreferenceRule.parse(input);
const LIMIT = { max: 2, windowMs: 600_000 };

describe('kind patterns', () => {
  it('match everything, a prefix, or one kind', () => {
    expect(kindMatches('*', 'alert.created')).toBe(true);
    expect(kindMatches('incident.*', 'incident.sla_breached')).toBe(true);
    expect(kindMatches('incident.*', 'incidents.x')).toBe(false);
    expect(kindMatches('alert.created', 'alert.created')).toBe(true);
    expect(kindMatches('alert.created', 'alert.closed')).toBe(false);
  });
});

describe('channelsFor', () => {
  it('defaults to in-app for everything and e-mail from high', () => {
    expect(channelsFor([], 'alert.created', 'medium')).toEqual({ inApp: true, email: false });
    expect(channelsFor([], 'alert.created', 'critical')).toEqual({ inApp: true, email: true });
  });

  it('lets the most specific rule decide, with its minimum severity', () => {
    const rules = [
      rule({ kinds: '*', minSeverity: 'info', inApp: true, email: true }),
      rule({ kinds: 'alert.*', minSeverity: 'critical', inApp: true, email: true }),
      rule({ kinds: 'alert.created', minSeverity: 'high', inApp: true, email: false }),
    ];
    expect(channelsFor(rules, 'alert.created', 'high')).toEqual({ inApp: true, email: false });
    expect(channelsFor(rules, 'alert.created', 'medium')).toEqual({ inApp: false, email: false });
    expect(channelsFor(rules, 'alert.closed', 'high')).toEqual({ inApp: false, email: false });
    expect(channelsFor(rules, 'incident.sla_breached', 'low')).toEqual({ inApp: true, email: true });
  });
});

describe('admitNotification', () => {
  const request = { kind: 'alert.created', severity: 'high' as const };

  it('sends up to the limit, then holds back and counts by kind until the window ends', () => {
    let window: RateWindow | null = null;
    const decisions: string[] = [];
    for (let i = 0; i < 5; i++) {
      const result = admitNotification(window, request, 1000 + i, LIMIT);
      decisions.push(result.decision);
      expect(result.ended).toBeNull();
      window = result.window;
    }
    expect(decisions).toEqual(['send', 'send', 'limit', 'limit', 'limit']);
    expect(window).toMatchObject({ sent: 2, held: 3, heldByKind: { 'alert.created': 3 }, heldSeverity: 'high' });

    const after = admitNotification(window, { kind: 'incident.x', severity: 'low' }, 1000 + LIMIT.windowMs, LIMIT);
    expect(after.decision).toBe('send');
    expect(after.ended?.held).toBe(3);
    expect(after.window).toMatchObject({ sent: 1, held: 0, startedAt: 1000 + LIMIT.windowMs });
  });

  it('counts a repeated dedupe key instead of sending it, even below the limit', () => {
    const first = admitNotification(null, { ...request, dedupeKey: 'rule-1' }, 0, { ...LIMIT, max: 10 });
    const repeat = admitNotification(first.window, { ...request, dedupeKey: 'rule-1' }, 1, { ...LIMIT, max: 10 });
    const other = admitNotification(repeat.window, { ...request, dedupeKey: 'rule-2' }, 2, { ...LIMIT, max: 10 });
    expect([first.decision, repeat.decision, other.decision]).toEqual(['send', 'repeat', 'send']);
    expect(other.window).toMatchObject({ sent: 2, held: 1 });
  });

  it('summarises the held-back ones in one message', () => {
    const window: RateWindow = {
      startedAt: 0,
      endsAt: 600_000,
      sent: 5,
      held: 37,
      heldByKind: { 'alert.created': 30, 'incident.sla_breached': 7 },
      heldSeverity: 'critical',
      dedupeKeys: [],
    };
    const summary = heldBackSummary(window);
    expect(summary).toMatchObject({ title: '37 more notifications held back', severity: 'critical' });
    expect(summary.body).toContain('alert.created: 30\nincident.sla_breached: 7');
  });
});

describe('webhookPayload', () => {
  const message = {
    kind: 'alert.created',
    severity: 'critical' as const,
    title: 'Pump <pressure> & co',
    body: 'Rule *x* fired',
    link: 'https://soc.example/alerts/1',
    departmentId: 'water',
    at: '2026-01-01T00:00:00.000Z',
    heldBack: 0,
  };

  it('gives Slack text and blocks with its markup escaped', () => {
    const payload = webhookPayload('slack', message) as { text: string; blocks: { type: string }[] };
    expect(payload.text).toBe('[CRITICAL] Pump &lt;pressure&gt; &amp; co');
    expect(payload.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(JSON.stringify(payload.blocks[2])).toContain('<https://soc.example/alerts/1|Open in CitySOC>');
  });

  it('gives Teams and Mattermost one Markdown text', () => {
    const payload = webhookPayload('teams', message) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(['text']);
    expect(payload.text).toContain('**[CRITICAL] Pump \\<pressure\\> & co**');
    expect(payload.text).toContain('Rule \\*x\\* fired');
    expect(payload.text).toContain('[Open in CitySOC](https://soc.example/alerts/1)');
  });

  it('gives the generic JSON every field', () => {
    expect(webhookPayload('json', message)).toEqual({ type: 'citysoc.notification', ...message });
  });
});
