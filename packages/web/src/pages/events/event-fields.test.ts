import type { StoredEvent } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { appendFilter, describeEndpoints, flattenFields, summarizeEvent } from './event-fields.ts';

function storedEvent(document: Record<string, unknown>, raw = 'raw line'): StoredEvent {
  return {
    id: 'e1',
    seq: 1,
    timestamp: '2026-01-01T00:00:00.000Z',
    ingested: '2026-01-01T00:00:00.000Z',
    source: 'test',
    departmentId: null,
    document,
    original: null,
    raw,
  };
}

describe('flattenFields', () => {
  it('gives dotted paths sorted, with query names', () => {
    const fields = flattenFields({ source: { port: 22, ip: '10.0.0.1' }, '@timestamp': 't' });
    expect(fields).toEqual([
      { path: '@timestamp', value: 't', queryField: '@timestamp', placeholder: false },
      { path: 'source.ip', value: '10.0.0.1', queryField: 'source.ip', placeholder: false },
      { path: 'source.port', value: '22', queryField: 'source.port', placeholder: false },
    ]);
  });

  it('lists each element of a scalar array under the array path', () => {
    expect(flattenFields({ event: { category: ['network', 'web'] } })).toEqual([
      { path: 'event.category', value: 'network', queryField: 'event.category', placeholder: false },
      { path: 'event.category', value: 'web', queryField: 'event.category', placeholder: false },
    ]);
  });

  it('shows arrays of objects, null and odd keys without offering a filter', () => {
    const fields = flattenFields({ answers: [{ name: 'a' }], gone: null, 'a.b': 'x', 'we ird': 'y', empty: {} });
    expect(fields.map((f) => [f.path, f.value, f.queryField, f.placeholder])).toEqual([
      ['a.b', 'x', null, false],
      ['answers[0].name', 'a', null, false],
      ['empty', '{}', null, true],
      ['gone', 'null', null, true],
      ['we ird', 'y', null, false],
    ]);
  });

  it('prefixes query names of original fields', () => {
    expect(flattenFields({ src_ip: '1.2.3.4' }, 'original')).toEqual([
      { path: 'src_ip', value: '1.2.3.4', queryField: 'original.src_ip', placeholder: false },
    ]);
  });
});

describe('summarizeEvent', () => {
  it('prefers the message, then the action or dataset, then the raw text', () => {
    expect(summarizeEvent(storedEvent({ message: 'hello', event: { action: 'x' } }))).toBe('hello');
    expect(summarizeEvent(storedEvent({ event: { dataset: 'dns' } }))).toBe('dns');
    expect(summarizeEvent(storedEvent({}, 'line\twith\ntabs'))).toBe('line with tabs');
  });

  it('cuts long text to one short line', () => {
    const summary = summarizeEvent(storedEvent({ message: 'x'.repeat(500) }));
    expect(summary).toHaveLength(160);
    expect(summary.endsWith('…')).toBe(true);
  });
});

describe('describeEndpoints', () => {
  it('joins source and destination addresses', () => {
    expect(describeEndpoints({ source: { ip: '10.0.0.1' }, destination: { ip: '10.0.0.2' } })).toBe(
      '10.0.0.1 → 10.0.0.2',
    );
    expect(describeEndpoints({ host: { name: 'web-01' } })).toBe('web-01');
    expect(describeEndpoints({})).toBe('');
  });
});

describe('appendFilter', () => {
  it('quotes and escapes the value', () => {
    expect(appendFilter('', 'user.name', 'a "b" \\c')).toBe('user.name:"a \\"b\\" \\\\c"');
  });

  it('ANDs onto the query, bracketing it when it has an OR', () => {
    expect(appendFilter('a:1', 'b', '2')).toBe('a:1 AND b:"2"');
    expect(appendFilter('a:1 OR a:3', 'b', '2')).toBe('(a:1 OR a:3) AND b:"2"');
    expect(appendFilter('"this OR that"', 'b', '2')).toBe('"this OR that" AND b:"2"');
  });
});
