import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { parseEventQuery } from './event-query.ts';

describe('parseEventQuery', () => {
  it('matches everything when empty', () => {
    expect(parseEventQuery('  ')).toEqual({ type: 'all' });
  });

  it('reads field:value and free text, ANDed when adjacent', () => {
    expect(parseEventQuery('source.ip:10.0.0.1 "failed password"')).toEqual({
      type: 'and',
      items: [
        { type: 'match', field: 'source.ip', value: '10.0.0.1', wildcard: false },
        { type: 'text', value: 'failed password' },
      ],
    });
  });

  it('gives AND precedence over OR, and honours parentheses and NOT', () => {
    expect(parseEventQuery('a:1 OR b:2 AND NOT c:3')).toEqual({
      type: 'or',
      items: [
        { type: 'match', field: 'a', value: '1', wildcard: false },
        {
          type: 'and',
          items: [
            { type: 'match', field: 'b', value: '2', wildcard: false },
            { type: 'not', item: { type: 'match', field: 'c', value: '3', wildcard: false } },
          ],
        },
      ],
    });
    expect(parseEventQuery('-(a:1 || b:2)')).toMatchObject({ type: 'not', item: { type: 'or' } });
  });

  it('reads wildcards, exists, comparisons and ranges', () => {
    expect(parseEventQuery('host.name:web-*')).toEqual({
      type: 'match',
      field: 'host.name',
      value: 'web-*',
      wildcard: true,
    });
    expect(parseEventQuery('user.name:*')).toEqual({ type: 'exists', field: 'user.name' });
    expect(parseEventQuery('destination.port:>=1024')).toEqual({
      type: 'range',
      field: 'destination.port',
      bounds: { gte: '1024' },
    });
    expect(parseEventQuery('@timestamp:[2026-01-01T00:00:00Z TO *]')).toEqual({
      type: 'range',
      field: '@timestamp',
      bounds: { gte: '2026-01-01T00:00:00Z' },
    });
  });

  it('allows colons inside values: IPv6 addresses and URLs', () => {
    expect(parseEventQuery('source.ip:fe80::1 url.full:http://x/y')).toMatchObject({
      items: [{ value: 'fe80::1' }, { value: 'http://x/y' }],
    });
  });

  it('keeps a hyphen inside values and a quoted wildcard literal', () => {
    expect(parseEventQuery('event.action:log-on')).toMatchObject({ value: 'log-on' });
    expect(parseEventQuery('process.name:"a*b"')).toEqual({
      type: 'match',
      field: 'process.name',
      value: 'a*b',
      wildcard: false,
    });
  });

  it.each([
    ['a:', "'a:' needs a value"],
    ['(a:1', "Missing ')'"],
    ['"open', 'Unterminated'],
    ['a:[1 2]', '[low TO high]'],
    ['AND', 'Unexpected'],
    ['1bad$:x', 'not a field name'],
  ])('refuses %s with a reason', (query, reason) => {
    expect(() => parseEventQuery(query)).toThrow(InputError);
    expect(() => parseEventQuery(query)).toThrow(reason);
  });

  it('refuses hostile nesting and length', () => {
    expect(() => parseEventQuery('('.repeat(100) + 'a:1' + ')'.repeat(100))).toThrow(/deeper/);
    expect(() => parseEventQuery('a'.repeat(5000))).toThrow(/longer/);
  });
});

describe('resolveTime', () => {
  const now = new Date('2026-11-22T12:00:00.000Z');
  it('reads relative and absolute times', async () => {
    const { resolveTime } = await import('./time-range.ts');
    expect(resolveTime('-15m', now)).toBe('2026-11-22T11:45:00.000Z');
    expect(resolveTime('now-2d', now)).toBe('2026-11-20T12:00:00.000Z');
    expect(resolveTime('2026-01-01T01:00:00+01:00', now)).toBe('2026-01-01T00:00:00.000Z');
    expect(() => resolveTime('yesterday', now)).toThrow(InputError);
  });
});
