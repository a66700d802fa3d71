import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { LogSourceDefinition, type LogSourceDefinitionInput } from './definition.schema.ts';
import { compileLogSources } from './log-source-set.ts';

const NOW = Date.UTC(2026, 0, 15);

function define(input: LogSourceDefinitionInput): LogSourceDefinition {
  return LogSourceDefinition.parse(input);
}

const eve = define({
  name: 'eve',
  description: 'test',
  priority: 10,
  format: 'json',
  match: [{ field: 'event_type', exists: true }],
  timestamp: { field: 'timestamp', format: 'iso8601' },
  constants: { 'event.module': 'suricata' },
  fields: {
    src_ip: 'source.ip',
    src_port: { to: 'source.port', convert: 'int' },
    proto: { to: 'network.transport', convert: 'lowercase' },
  },
  when: [
    {
      match: [{ field: 'event_type', equals: 'alert' }],
      constants: { 'event.kind': 'alert' },
      fields: { 'alert.signature': 'rule.name' },
    },
  ],
});
const zeek = define({
  name: 'zeek',
  description: 'test',
  priority: 20,
  format: 'json',
  match: [
    {
      any: [
        { field: '_path', exists: true },
        { field: 'uid', exists: true },
      ],
    },
  ],
  timestamp: { field: 'ts' },
  fields: { 'id.orig_h': 'source.ip' },
});
const auth = define({
  name: 'auth',
  description: 'test',
  priority: 10,
  format: 'syslog',
  match: [{ field: 'appname', matches: '^sshd$' }],
  extract: [
    {
      field: 'message',
      pattern: '^Failed password for (?:invalid user )?(?<user>\\S+) from (?<ip>\\S+) port (?<port>\\d+)',
      fields: { user: 'user.name', ip: 'source.ip', port: { to: 'source.port', convert: 'int' } },
      constants: { 'event.outcome': 'failure' },
    },
  ],
});
const netfilter = define({
  name: 'netfilter',
  description: 'test',
  priority: 30,
  format: 'kv',
  match: [{ field: 'kv.SRC', exists: true }],
  fields: { 'kv.SRC': 'source.ip', 'kv.DPT': { to: 'destination.port', convert: 'int' } },
});
const cef = define({
  name: 'cef',
  description: 'test',
  priority: 15,
  format: 'cef',
  fields: { 'cef.extensions.src': 'source.ip', 'cef.name': 'rule.name' },
});
const syslog = define({
  name: 'syslog',
  description: 'test',
  priority: 900,
  format: 'syslog',
  fields: { message: 'message' },
});
const set = compileLogSources([syslog, netfilter, zeek, eve, auth, cef], { now: () => NOW });

describe('compileLogSources: detection and mapping', () => {
  it('orders sources by priority, then name', () => {
    expect(set.names).toEqual(['auth', 'eve', 'cef', 'zeek', 'netfilter', 'syslog']);
  });

  it('maps an EVE alert into nested ECS fields with conversions and conditional constants', () => {
    const line =
      '{"timestamp":"2017-01-30T16:12:36.066011+0100","event_type":"alert","src_ip":"172.17.0.2","src_port":"41402","proto":"TCP","alert":{"signature":"ET POLICY x"}}';
    const event = set.normaliseText(line);
    expect(event.source).toBe('eve');
    expect(event.timestamp).toBe('2017-01-30T15:12:36.066Z');
    expect(event.fields).toEqual({
      event: { module: 'suricata', kind: 'alert' },
      source: { ip: '172.17.0.2', port: 41402 },
      network: { transport: 'tcp' },
      rule: { name: 'ET POLICY x' },
    });
    expect(event.original).toMatchObject({ event_type: 'alert' });
    expect(event.raw).toBe(line);
    expect(event.parseError).toBeNull();
  });

  it('reads Zeek dotted key names such as id.orig_h', () => {
    const event = set.normaliseText('{"ts":1664462456.755299,"uid":"C5x","id.orig_h":"172.16.1.11"}');
    expect(event.source).toBe('zeek');
    expect(event.fields).toEqual({ source: { ip: '172.16.1.11' } });
    expect(event.timestamp).toBe('2022-09-29T14:40:56.755Z');
  });

  it('extracts user and address from an sshd failure and uses the syslog header time', () => {
    const event = set.normaliseText(
      'Dec 10 07:07:38 LabSZ sshd[24206]: Failed password for invalid user test9 from 52.80.34.196 port 36060 ssh2',
    );
    expect(event.source).toBe('auth');
    expect(event.fields).toEqual({
      event: { outcome: 'failure' },
      user: { name: 'test9' },
      source: { ip: '52.80.34.196', port: 36060 },
    });
    expect(event.timestamp).toBe('2025-12-10T07:07:38.000Z');
  });

  it('parses key=value bodies for kv sources and keeps the pairs in original', () => {
    const event = set.normaliseText(
      '<4>Jan  3 13:45:36 fw kernel: IN=eth0 OUT= SRC=203.0.113.5 DST=10.0.0.2 PROTO=TCP DPT=22',
    );
    expect(event.source).toBe('netfilter');
    expect(event.fields).toEqual({ source: { ip: '203.0.113.5' }, destination: { port: 22 } });
    expect(event.original).toMatchObject({ hostname: 'fw', kv: { OUT: '', PROTO: 'TCP' } });
  });

  it('finds CEF inside a syslog line', () => {
    const event = set.normaliseText(
      '<134>Feb 14 19:04:54 host CEF:0|Security|threatmanager|1.0|100|worm stopped|10|src=10.0.0.1',
    );
    expect(event.source).toBe('cef');
    expect(event.fields).toEqual({ source: { ip: '10.0.0.1' }, rule: { name: 'worm stopped' } });
  });

  it('falls back to the generic syslog source, without kv pairs from sources that did not claim the line', () => {
    const event = set.normaliseText('<13>Feb  5 13:07:52 plugh rsyslogd: a=b started');
    expect(event.source).toBe('syslog');
    expect(event.original).not.toHaveProperty('kv');
  });

  it('keeps unmatched JSON as generic with its original fields, and plain text as a message', () => {
    expect(set.normaliseText('{"hello":"world"}')).toMatchObject({
      source: 'generic',
      original: { hello: 'world' },
      fields: {},
    });
    expect(set.normaliseText('[Sun Dec 04 04:47:44 2005] [notice] ok')).toEqual({
      timestamp: null,
      source: 'generic',
      fields: { message: '[Sun Dec 04 04:47:44 2005] [notice] ok' },
      original: null,
      raw: '[Sun Dec 04 04:47:44 2005] [notice] ok',
      parseError: null,
    });
  });

  it('uses a hint without checking the match conditions, and rejects unknown hints', () => {
    expect(set.normaliseText('{"src_ip":"1.2.3.4"}', 'eve')).toMatchObject({
      source: 'eve',
      fields: { source: { ip: '1.2.3.4' } },
    });
    expect(set.normaliseText('plain text', 'eve')).toMatchObject({
      source: 'generic',
      parseError: expect.stringContaining('eve'),
    });
    expect(() => set.normaliseText('x', 'nope')).toThrow(InputError);
  });

  it('normalises an already-parsed object and serialises it as raw', () => {
    const record = { event_type: 'dns', src_ip: '10.0.0.1', timestamp: 'not a time' };
    const event = set.normaliseObject(record);
    expect(event).toMatchObject({ source: 'eve', timestamp: null, raw: JSON.stringify(record) });
  });
});

describe('compileLogSources: bad input never throws', () => {
  it('keeps empty lines and binary garbage as generic', () => {
    expect(set.normaliseText('')).toMatchObject({ source: 'generic', raw: '' });
    const garbage = '\u0000\u0001\uFFFD\uFFFD\u0007\u001b[31m\uD800';
    expect(set.normaliseText(garbage)).toMatchObject({ source: 'generic', raw: garbage, parseError: null });
  });

  it('reports broken JSON (a line of the Suricata broken sample) as a parse error', () => {
    const line = '{"timestamp":2017-01-30T16:12:26.985025+0100,"flow_id":476777203500993,"event_type":"dns"}';
    const event = set.normaliseText(line);
    expect(event.source).toBe('generic');
    expect(event.parseError).toMatch(/^invalid JSON/);
    expect(event.raw).toBe(line);
  });

  it('refuses JSON nested 10,000 deep, as text and as an object', () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    expect(set.normaliseText(deep).parseError).toMatch(/deeper than 64/);
    let nested: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10_000; i++) nested = { a: nested };
    expect(set.normaliseObject(nested).parseError).toMatch(/deeper than 64/);
  });

  it('refuses a 10 MB line without parsing it', () => {
    const line = '{"a":"' + 'x'.repeat(10 * 1024 * 1024) + '"}';
    const event = set.normaliseText(line);
    expect(event).toMatchObject({ source: 'generic', parseError: expect.stringContaining('longer than') });
    expect(event.raw.length).toBe(line.length);
  });

  it('gives null, not a throw, for impossible timestamps', () => {
    expect(set.normaliseText('{"event_type":"dns","timestamp":"2017-13-45T99:00:00Z"}').timestamp).toBeNull();
    expect(set.normaliseText('{"uid":"C1","ts":"yesterday"}').timestamp).toBeNull();
  });
});

describe('compileLogSources: invalid definitions', () => {
  it('rejects a duplicate name, naming the source', () => {
    expect(() => compileLogSources([eve, eve])).toThrow(/log source "eve" is defined twice/);
  });

  it('rejects the reserved name generic', () => {
    expect(() => compileLogSources([{ ...eve, name: 'generic' }])).toThrow(InputError);
  });

  it('rejects an invalid regex, naming the source', () => {
    const bad = { ...auth, match: [{ field: 'appname', matches: '(' }] };
    expect(() => compileLogSources([bad])).toThrow(/log source "auth" is invalid: match\.0/);
  });
});
