import { describe, expect, it } from 'vitest';
import {
  attackUrl,
  classifyTag,
  describeAlertEndpoints,
  matchedEventPath,
  matchingEventsPath,
  matchingEventsQuery,
  safeHttpUrl,
} from './alert-display.ts';

const NO_FIELDS = {
  source: 'iot',
  hostName: null,
  sourceIp: null,
  destinationIp: null,
  userName: null,
  deviceId: null,
  assetId: null,
  serviceIds: [],
};

describe('describeAlertEndpoints', () => {
  it('joins host, device and the address pair', () => {
    expect(
      describeAlertEndpoints({
        ...NO_FIELDS,
        hostName: 'plc-7',
        deviceId: 'dev-9',
        sourceIp: '10.0.0.5',
        destinationIp: '10.0.0.9',
      }),
    ).toBe('plc-7 · dev-9 · 10.0.0.5 → 10.0.0.9');
  });

  it('shows a device that reports its id as host name once', () => {
    expect(describeAlertEndpoints({ ...NO_FIELDS, hostName: 'door-1', deviceId: 'door-1' })).toBe('door-1');
  });

  it('is empty when the event names nothing', () => {
    expect(describeAlertEndpoints(NO_FIELDS)).toBe('');
  });
});

describe('matchingEventsQuery', () => {
  it('ANDs the known fields, quoting values', () => {
    expect(matchingEventsQuery({ ...NO_FIELDS, deviceId: 'door-1', sourceIp: '10.0.0.5' })).toBe(
      'citysoc.source:"iot" AND device.id:"door-1" AND source.ip:"10.0.0.5"',
    );
  });

  it('escapes quotes a sender put in a value', () => {
    expect(matchingEventsQuery({ ...NO_FIELDS, userName: 'a" OR "x' })).toBe(
      'citysoc.source:"iot" AND user.name:"a\\" OR \\"x"',
    );
  });

  it('links to all time on the events page', () => {
    expect(matchingEventsPath({ ...NO_FIELDS, hostName: 'web-01' })).toBe(
      `/events?q=${encodeURIComponent('citysoc.source:"iot" AND host.name:"web-01"')}&range=all`.replace(/%20/g, '+'),
    );
  });
});

describe('safeHttpUrl', () => {
  it('accepts http and https', () => {
    expect(safeHttpUrl('https://attack.mitre.org/techniques/T0883/')).toBe(
      'https://attack.mitre.org/techniques/T0883/',
    );
    expect(safeHttpUrl(' http://example.org ')).toBe('http://example.org/');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,x',
    '/relative/path',
    'see the vendor advisory',
  ])('refuses %s', (reference) => {
    expect(safeHttpUrl(reference)).toBeNull();
  });
});

describe('classifyTag', () => {
  it('reads techniques and sub-techniques', () => {
    expect(classifyTag('attack.t1059.001')).toEqual({ tag: 'attack.t1059.001', kind: 'technique', label: 'T1059.001' });
    expect(classifyTag('attack.t0883').label).toBe('T0883');
  });

  it('reads tactics as words', () => {
    expect(classifyTag('attack.initial-access')).toMatchObject({ kind: 'tactic', label: 'Initial Access' });
    expect(classifyTag('attack.command_and_control')).toMatchObject({ kind: 'tactic', label: 'Command and Control' });
  });

  it('reads groups and software', () => {
    expect(classifyTag('attack.g0016')).toMatchObject({ kind: 'group', label: 'G0016' });
    expect(classifyTag('attack.s0002')).toMatchObject({ kind: 'software', label: 'S0002' });
  });

  it('passes other namespaces through', () => {
    expect(classifyTag('cve.2021-44228')).toEqual({ tag: 'cve.2021-44228', kind: 'other', label: 'cve.2021-44228' });
  });
});

describe('matchedEventPath', () => {
  it('searches the exact event by its id over all time', () => {
    const path = matchedEventPath('01a2-id');
    expect(decodeURIComponent(path)).toContain('citysoc.event_id:"01a2-id"');
    expect(path).toContain('range=all');
  });
});

describe('attackUrl', () => {
  it("links techniques, sub-techniques, groups and software to MITRE's pages, and nothing else", () => {
    expect(attackUrl(classifyTag('attack.t1059.001'))).toBe('https://attack.mitre.org/techniques/T1059/001/');
    expect(attackUrl(classifyTag('attack.t0843'))).toBe('https://attack.mitre.org/techniques/T0843/');
    expect(attackUrl(classifyTag('attack.g0016'))).toBe('https://attack.mitre.org/groups/G0016/');
    expect(attackUrl(classifyTag('attack.s0002'))).toBe('https://attack.mitre.org/software/S0002/');
    expect(attackUrl(classifyTag('attack.execution'))).toBeNull();
    expect(attackUrl(classifyTag('attack.t1059"><script>'))).toBeNull();
  });
});
