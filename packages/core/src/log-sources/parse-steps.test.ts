import { describe, expect, it } from 'vitest';
import { LogSourceDefinition, type LogSourceDefinitionInput } from './definition.schema.ts';
import { compileLogSources } from './log-source-set.ts';

const NOW = Date.UTC(2026, 0, 15);

function define(input: Omit<LogSourceDefinitionInput, 'description' | 'priority'> & { priority?: number }) {
  return LogSourceDefinition.parse({ description: 'test', priority: 100, ...input });
}

const asa = define({
  name: 'asa',
  format: 'text',
  prefilter: ['%ASA-'],
  parse: [{ field: '$line', into: 'asa', regex: '%ASA-(?<level>\\d)-(?<id>\\d{6}): (?<text>.*)$' }],
  match: [{ field: 'asa.id', exists: true }],
  fields: { 'asa.id': 'event.code', 'asa.level': { to: 'event.severity', convert: 'int' }, hostname: 'host.name' },
  extract: [
    {
      field: 'asa.text',
      pattern: '^Deny (?<proto>\\S+) src (?<src>[^:]+):(?<ip>\\S+?)(?:/(?<port>\\d+))? ',
      fields: { proto: { to: 'network.transport', convert: 'ip_protocol' }, ip: 'source.ip', port: 'source.port' },
    },
  ],
});
const pan = define({
  name: 'pan',
  format: 'text',
  prefilter: [',TRAFFIC,', ',SYSTEM,'],
  parse: [
    {
      field: 'message',
      into: 'p',
      csv: { select: 1, columns: { TRAFFIC: [null, 'type', 'src', 'proto'], SYSTEM: [null, 'type', 'text'] } },
    },
  ],
  match: [{ field: 'p.type', exists: true }],
  timestamp: { field: ['p.nope', 'timestamp'] },
  fields: {
    'p.src': 'source.ip',
    'p.proto': ['network.iana_number', { to: 'network.transport', convert: 'ip_protocol' }],
  },
});
const cp = define({
  name: 'cp',
  format: 'syslog',
  parse: [{ into: 'cp', kv: { separator: ':' } }],
  match: [{ field: 'cp.action', exists: true }],
  fields: { 'cp.action': 'event.action', 'cp.src': 'source.ip' },
});
const split = define({
  name: 'split',
  format: 'kv',
  prefilter: ['sn='],
  match: [{ field: 'kv.sn', exists: true }],
  extract: [
    { field: 'kv.src', pattern: '^(?<ip>[^:]*):(?<port>\\d*)', fields: { ip: 'source.ip', port: 'source.port' } },
    { field: 'kv.dst', pattern: '^(?<ip>[^:]*):(?<port>\\d*)', fields: { ip: 'destination.ip' } },
    { field: 'kv.dst', pattern: '^(?<ip>.*)$', fields: { ip: 'destination.domain' } },
  ],
});
const syslog = define({ name: 'syslog', priority: 900, format: 'syslog', fields: { message: 'message' } });
const set = compileLogSources([asa, pan, cp, split, syslog], { now: () => NOW });

describe('text sources: prefilter and parse steps', () => {
  it('reads a regex on the whole line, with or without a syslog header', () => {
    for (const line of [
      '%ASA-4-106023: Deny tcp src inside:10.0.0.1/2143 dst out:10.0.0.2/139 by access-group "x"',
      '<164>Oct 09 2020 14:30:00 fw01 : %ASA-4-106023: Deny tcp src inside:10.0.0.1/2143 dst out:10.0.0.2/139 x',
    ]) {
      const event = set.normaliseText(line);
      expect(event.source).toBe('asa');
      expect(event.fields).toMatchObject({
        event: { code: '106023', severity: 4 },
        network: { transport: 'tcp' },
        source: { ip: '10.0.0.1', port: '2143' },
      });
      expect(event.original).toMatchObject({ asa: { id: '106023', level: '4' } });
    }
  });

  it('picks CSV column names by the value of a column, and maps one field to two targets', () => {
    const event = set.normaliseText('1,TRAFFIC,10.0.0.9,6,extra');
    expect(event).toMatchObject({
      source: 'pan',
      original: { p: { type: 'TRAFFIC', src: '10.0.0.9', proto: '6' } },
      fields: { source: { ip: '10.0.0.9' }, network: { iana_number: '6', transport: 'tcp' } },
    });
    expect(set.normaliseText('1,SYSTEM,"disk, full"').original).toMatchObject({ p: { text: 'disk, full' } });
  });

  it('falls back to the next timestamp field when the first is absent or invalid', () => {
    const event = set.normaliseText('<13>Jan 10 06:55:46 pa 1,TRAFFIC,10.0.0.9,6');
    expect(event.timestamp).toBe('2026-01-10T06:55:46.000Z');
  });

  it('reads key:"value" pairs with a configured separator', () => {
    const event = set.normaliseText(
      '<134>1 2019-05-15T16:25:50Z gw CheckPoint 19710 - [action:"Drop"; src:"10.1.1.1"; empty:""]',
    );
    expect(event).toMatchObject({ source: 'cp', fields: { event: { action: 'Drop' }, source: { ip: '10.1.1.1' } } });
  });

  it('leaves nothing of a source that parsed the line but did not match it in what the winner keeps', () => {
    const event = set.normaliseText('<13>Jan 10 06:55:46 host app: 1,OTHER,x');
    expect(event.source).toBe('syslog');
    expect(event.original).not.toHaveProperty('p');
    const cpNoAction = set.normaliseText('<13>Jan 10 06:55:46 host app: [flags:"1"]');
    expect(cpNoAction.source).toBe('syslog');
    expect(cpNoAction.original).not.toHaveProperty('cp');
  });

  it('does not parse a line whose prefilter literal is missing, even if the match would hold', () => {
    // Without '%ASA-' asa never looks at the line; with a hint the prefilter is skipped.
    expect(set.normaliseText('%ASB-4-106023: Deny tcp').source).toBe('generic');
    expect(set.normaliseText('%ASA-4-106023: x', 'asa').fields).toMatchObject({ event: { code: '106023' } });
    expect(set.normaliseText('no asa here', 'asa')).toMatchObject({ source: 'asa', fields: {} });
  });

  it('applies extract rules per field (first match per field), leaving empty groups and values out', () => {
    const event = set.normaliseText('id=fw sn=1 src=10.0.0.5: dst=example.org');
    expect(event.source).toBe('split');
    expect(event.fields).toEqual({ source: { ip: '10.0.0.5' }, destination: { domain: 'example.org' } });
  });
});

describe('definitions of the new capabilities are checked strictly', () => {
  const base = { name: 'x', description: 'x', priority: 1 };
  const problems = (input: Record<string, unknown>): string => {
    const result = LogSourceDefinition.safeParse({ ...base, ...input });
    return result.success ? 'valid' : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };

  it('refuses prefilter and parse on JSON sources', () => {
    expect(problems({ format: 'json', prefilter: ['a'] })).toMatch(/prefilter: applies to text formats only/);
    expect(problems({ format: 'json', parse: [{ into: 'a', regex: '(?<x>.)' }] })).toMatch(/parse: applies to text/);
  });

  it('refuses parse steps with no or several parsers, regexes without named groups, reserved or repeated names', () => {
    expect(problems({ format: 'text', parse: [{ into: 'a' }] })).toMatch(/exactly one of regex, kv, csv/);
    expect(problems({ format: 'text', parse: [{ into: 'a', regex: '(?<x>.)', kv: {} }] })).toMatch(/exactly one/);
    expect(problems({ format: 'text', parse: [{ into: 'a', regex: '(x)' }] })).toMatch(/named group/);
    expect(problems({ format: 'text', parse: [{ into: 'a', regex: '(?<x>' }] })).toMatch(/not a valid regular/);
    expect(problems({ format: 'text', parse: [{ into: 'message', kv: {} }] })).toMatch(/already a field/);
    expect(problems({ format: 'text', parse: [{ into: 'a', kv: { separator: 'x' } }] })).toMatch(/separator/);
    expect(
      problems({
        format: 'text',
        parse: [
          { into: 'a', kv: {} },
          { into: 'a', kv: {} },
        ],
      }),
    ).toMatch(/same `into`/);
  });

  it('refuses CSV columns that are repeated, or chosen by value without select', () => {
    expect(problems({ format: 'text', parse: [{ into: 'a', csv: { columns: ['x', 'x'] } }] })).toMatch(/unique/);
    expect(problems({ format: 'text', parse: [{ into: 'a', csv: { columns: { T: ['x'] } } }] })).toMatch(/select/);
    expect(problems({ format: 'text', parse: [{ into: 'a', csv: { columns: ['x'], select: 0 } }] })).toMatch(/select/);
    expect(problems({ format: 'text', parse: [{ into: 'a', csv: { columns: ['x', null, 'y'] } }] })).toBe('valid');
  });

  it('names the source when compiling an invalid one', () => {
    expect(() => compileLogSources([{ ...asa, prefilter: [] }])).toThrow(/log source "asa" is invalid: prefilter/);
  });
});
