import { describe, expect, it } from 'vitest';
import {
  bellLabel,
  describeRule,
  heldBackLine,
  internalLink,
  parseKinds,
  severityClass,
  unreadBadge,
} from './notification-display.ts';

describe('notification display', () => {
  it('shows the unread count on the bell, capped', () => {
    expect(unreadBadge(0)).toBeNull();
    expect(unreadBadge(7)).toBe('7');
    expect(unreadBadge(250)).toBe('99+');
    expect(bellLabel(0)).toBe('Notifications, none unread');
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
  });

  it('uses the alert colours', () => {
    expect(severityClass('critical')).toBe('badge level level-critical');
    expect(severityClass('info')).toBe('badge level level-informational');
  });

  it('says what the rate limit holds back and when the summary comes', () => {
    const line = heldBackLine({ channel: 'email', count: 37, until: '2026-01-01T10:40:00Z' }, () => '10:40');
    expect(line).toBe('37 notifications held back by e-mail; a summary follows at 10:40.');
    expect(heldBackLine({ channel: 'in_app', count: 1, until: '' }, () => 'soon')).toContain('1 notification held');
  });

  it('follows only links inside the dashboard', () => {
    expect(internalLink({ link: '/incidents/4' })).toBe('/incidents/4');
    expect(internalLink({ link: '//evil.example/x' })).toBeNull();
    expect(internalLink({ link: 'https://evil.example' })).toBeNull();
    expect(internalLink({ link: null })).toBeNull();
  });

  it('reads kind patterns and reports the invalid ones', () => {
    expect(parseKinds(' alert.*, incident.sla_breached ,, *')).toEqual({
      kinds: ['alert.*', 'incident.sla_breached', '*'],
      invalid: [],
    });
    expect(parseKinds('alert.**, Bad Kind')).toEqual({ kinds: [], invalid: ['alert.**', 'Bad Kind'] });
  });

  it('describes a preference line in words', () => {
    expect(describeRule({ kinds: 'incident.*', minSeverity: 'high', inApp: true, email: true })).toBe(
      'incident.*, high and above: in the app and by e-mail',
    );
    expect(describeRule({ kinds: '*', minSeverity: 'info', inApp: false, email: false })).toBe(
      'Everything, any severity: not at all',
    );
  });
});
