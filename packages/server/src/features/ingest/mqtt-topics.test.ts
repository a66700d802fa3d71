import { describe, expect, it } from 'vitest';
import { parseTopicRoutes, payloadRecords, routeFor, topicMatches } from './mqtt-topics.ts';

describe('MQTT topics', () => {
  it.each([
    ['city/+/telemetry', 'city/water/telemetry', true],
    ['city/+/telemetry', 'city/water/pumps/telemetry', false],
    ['city/#', 'city/water/pumps/telemetry', true],
    ['city/#', 'city', true],
    ['city/water', 'city/water/x', false],
    ['+/+', 'a/b', true],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('reads routes with and without a log source, in order', () => {
    const routes = parseTopicRoutes('ids/+/eve=suricata-eve, city/#');
    expect(routes).toEqual([{ filter: 'ids/+/eve', source: 'suricata-eve' }, { filter: 'city/#' }]);
    expect(routeFor(routes, 'ids/gw1/eve')?.source).toBe('suricata-eve');
    expect(routeFor(routes, 'elsewhere')).toBeUndefined();
  });

  it('refuses malformed filters', () => {
    expect(() => parseTopicRoutes('city/#/more')).toThrow(/not a valid MQTT topic filter/);
    expect(() => parseTopicRoutes('city/a+b')).toThrow(/not a valid/);
  });

  it('splits payloads into JSON records or text lines', () => {
    expect(payloadRecords(Buffer.from('[{"a":1},{"b":2}]'))).toEqual({
      records: [{ a: 1 }, { b: 2 }],
      format: 'ndjson',
    });
    expect(payloadRecords(Buffer.from('{"a":1}\n{"b":2}'))).toEqual({
      records: ['{"a":1}', '{"b":2}'],
      format: 'ndjson',
    });
    expect(payloadRecords(Buffer.from('door 3 opened'))).toEqual({ records: ['door 3 opened'], format: 'lines' });
  });
});
