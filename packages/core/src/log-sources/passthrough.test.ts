import { describe, expect, it } from 'vitest';
import { LogSourceDefinition } from './definition.schema.ts';
import { compileLogSources } from './log-source-set.ts';

const ecs = LogSourceDefinition.parse({
  name: 'ecs',
  description: 'test',
  priority: 10,
  format: 'json',
  match: [{ field: '@timestamp', exists: true }],
  timestamp: { field: '@timestamp' },
  constants: { 'event.module': 'ecs' },
  passthrough: ['host', 'source', 'user', 'event', 'message'],
});
const sources = compileLogSources([ecs]);

describe('passthrough', () => {
  it('keeps the listed ECS field sets as sent, and leaves the others in the original only', () => {
    const event = sources.normaliseText(
      JSON.stringify({
        '@timestamp': '2026-11-22T10:00:00Z',
        host: { name: 'scada-01', ip: ['10.20.0.11'] },
        source: { ip: '203.0.113.9', port: 4242 },
        message: 'login failed',
        custom: { kept: 'in original' },
      }),
    );
    expect(event.source).toBe('ecs');
    expect(event.timestamp).toBe('2026-11-22T10:00:00.000Z');
    expect(event.fields).toEqual({
      host: { name: 'scada-01', ip: ['10.20.0.11'] },
      source: { ip: '203.0.113.9', port: 4242 },
      message: 'login failed',
      event: { module: 'ecs' },
    });
    expect(event.original).toMatchObject({ custom: { kept: 'in original' } });
  });

  it('reads dotted keys as paths and merges them with nested objects of the same field set', () => {
    const event = sources.normaliseObject({
      '@timestamp': '2026-11-22T10:00:00Z',
      'host.name': 'scada-01',
      host: { ip: '10.20.0.11' },
      'user.name': 'alice',
      'source.geo.country_iso_code': 'NO',
    });
    expect(event.fields).toMatchObject({
      host: { name: 'scada-01', ip: '10.20.0.11' },
      user: { name: 'alice' },
      source: { geo: { country_iso_code: 'NO' } },
    });
  });

  it('lets the later mappings add to a passed-through object without changing the original fields', () => {
    const original = { '@timestamp': '2026-11-22T10:00:00Z', event: { kind: 'alert', category: ['network'] } };
    const event = sources.normaliseObject(original);
    expect(event.fields.event).toEqual({ kind: 'alert', category: ['network'], module: 'ecs' });
    expect(original.event).toEqual({ kind: 'alert', category: ['network'] });
  });

  it('leaves out null and empty values, malformed dotted keys and prototype keys', () => {
    const event = sources.normaliseText(
      '{"@timestamp":"2026-11-22T10:00:00Z","user":null,"message":"","host..name":"x","host.":"y",' +
        '"host.__proto__.polluted":"z","source":{"__proto__":{"polluted":true},"ip":"203.0.113.9"}}',
    );
    expect(event.fields).toEqual({ source: { ip: '203.0.113.9' }, event: { module: 'ecs' } });
    expect(Object.getPrototypeOf(event.fields.source)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses to pass through what the ingest pipeline sets itself', () => {
    for (const name of ['citysoc', '@timestamp']) {
      const parsed = LogSourceDefinition.safeParse({ ...ecs, passthrough: [name] });
      expect(parsed.success, name).toBe(false);
    }
    expect(LogSourceDefinition.safeParse({ ...ecs, passthrough: ['host.name'] }).success).toBe(false);
  });
});
