import { describe, expect, it } from 'vitest';
import {
  alertEntities,
  decideGrouping,
  type GroupingAlert,
  type GroupingCandidate,
  groupingRuleFor,
  parseGroupingConfig,
} from './grouping.ts';

const CONFIG = parseGroupingConfig(`
defaults:
  window: 1h
  entities: [host, user, source_ip, device, asset, service]
levels:
  critical: {open: true}
  high: {open: true}
  medium: {attach: true}
  low: {attach: true, window: 10m, entities: [host]}
`);

const summary = {
  source: 'syslog',
  hostName: 'SCADA-1',
  sourceIp: '203.0.113.9',
  destinationIp: '10.20.0.11',
  userName: null,
  deviceId: null,
  assetId: 'scada-1',
  serviceIds: ['water-supply'],
};

function alert(overrides: Partial<GroupingAlert> = {}): GroupingAlert {
  return {
    level: 'high',
    timestamp: '2026-03-01T08:30:00.000Z',
    departmentId: 'water',
    entities: alertEntities(summary),
    ...overrides,
  };
}

function candidate(overrides: Partial<GroupingCandidate> = {}): GroupingCandidate {
  return {
    id: 'i-1',
    ref: 'INC-1',
    departmentId: 'water',
    entities: [{ kind: 'host', value: 'scada-1', lastSeen: '2026-03-01T08:00:00.000Z' }],
    ...overrides,
  };
}

describe('grouping decisions', () => {
  it('attaches an alert sharing a host (case-insensitive) within the window, with the reason', () => {
    const decision = decideGrouping(alert(), [candidate()], groupingRuleFor(CONFIG, 'high'));
    expect(decision).toEqual({
      action: 'attach',
      incidentId: 'i-1',
      reason: "shares host 'scada-1' with INC-1 within 1h",
    });
  });

  it('attaches by the same city service', () => {
    const byService = candidate({
      entities: [{ kind: 'service', value: 'water-supply', lastSeen: '2026-03-01T08:10:00.000Z' }],
    });
    const decision = decideGrouping(alert(), [byService], groupingRuleFor(CONFIG, 'medium'));
    expect(decision).toMatchObject({
      action: 'attach',
      reason: "shares city service 'water-supply' with INC-1 within 1h",
    });
  });

  it('opens a new incident for levels configured to open when nothing is shared within the window', () => {
    const old = candidate({ entities: [{ kind: 'host', value: 'scada-1', lastSeen: '2026-03-01T07:00:00.000Z' }] });
    expect(decideGrouping(alert(), [old], groupingRuleFor(CONFIG, 'high')).action).toBe('open');
  });

  it('leaves a medium alert alone when nothing matches, and informational alerts always', () => {
    expect(decideGrouping(alert({ level: 'medium' }), [], groupingRuleFor(CONFIG, 'medium')).action).toBe('ignore');
    expect(decideGrouping(alert({ level: null }), [candidate()], groupingRuleFor(CONFIG, null))).toEqual({
      action: 'ignore',
      reason: 'informational alerts are not grouped',
    });
  });

  it('uses only the entities and window of the level', () => {
    const byIp = candidate({
      entities: [{ kind: 'source_ip', value: '203.0.113.9', lastSeen: '2026-03-01T08:25:00.000Z' }],
    });
    expect(decideGrouping(alert({ level: 'low' }), [byIp], groupingRuleFor(CONFIG, 'low')).action).toBe('ignore');
    expect(decideGrouping(alert({ level: 'low' }), [candidate()], groupingRuleFor(CONFIG, 'low')).action).toBe(
      'ignore',
    );
    expect(decideGrouping(alert({ level: 'medium' }), [byIp], groupingRuleFor(CONFIG, 'medium')).action).toBe('attach');
  });

  it('never attaches to another department’s incident, but may to a city-wide one', () => {
    const energy = candidate({ departmentId: 'energy' });
    expect(decideGrouping(alert(), [energy], groupingRuleFor(CONFIG, 'high')).action).toBe('open');
    const cityWide = candidate({ departmentId: null });
    expect(decideGrouping(alert(), [cityWide], groupingRuleFor(CONFIG, 'high')).action).toBe('attach');
  });

  it('prefers the incident whose shared entity was active most recently', () => {
    const older = candidate({ id: 'i-1', ref: 'INC-1' });
    const newer = candidate({
      id: 'i-2',
      ref: 'INC-2',
      entities: [
        { kind: 'device', value: 'x', lastSeen: '2026-03-01T08:29:00.000Z' },
        { kind: 'asset', value: 'scada-1', lastSeen: '2026-03-01T08:20:00.000Z' },
      ],
    });
    expect(decideGrouping(alert(), [older, newer], groupingRuleFor(CONFIG, 'high'))).toMatchObject({
      incidentId: 'i-2',
    });
  });

  it('refuses a config with unknown keys, naming the path', () => {
    expect(() => parseGroupingConfig('defaults: {window: 1h, entities: [host]}\nlevels: {high: {opn: true}}')).toThrow(
      /levels\.high/,
    );
    expect(() => parseGroupingConfig('defaults: {window: soon, entities: [host]}\nlevels: {}')).toThrow(/window/);
  });
});
