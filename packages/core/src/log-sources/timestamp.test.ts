import { describe, expect, it } from 'vitest';
import { normaliseTimestamp, parseBsdTimestamp, parseIsoTimestamp } from './timestamp.ts';

const NOW = Date.UTC(2026, 0, 15);

describe('timestamps', () => {
  it('reads ISO-8601 with a +hhmm offset (Suricata EVE) to UTC', () => {
    expect(parseIsoTimestamp('2017-01-30T16:12:26.985026+0100')).toBe('2017-01-30T15:12:26.985Z');
  });

  it('treats a zone-less ISO time as UTC (Sysmon UtcTime)', () => {
    expect(parseIsoTimestamp('2025-10-24 23:41:48.482')).toBe('2025-10-24T23:41:48.482Z');
  });

  it('rejects rollovers and junk instead of guessing', () => {
    expect(parseIsoTimestamp('2017-02-30T10:00:00Z')).toBeNull();
    expect(parseIsoTimestamp('2017-01-30T16:12:26.985026+0100asloefbnjhowebfg')).toBeNull();
    expect(parseIsoTimestamp('2017-01-30T25:00:00Z')).toBeNull();
  });

  it('gives a year-less BSD time the year that puts it just before now', () => {
    expect(parseBsdTimestamp('Jan 10 06:55:46', NOW)).toBe('2026-01-10T06:55:46.000Z');
    expect(parseBsdTimestamp('Dec 10 06:55:46', NOW)).toBe('2025-12-10T06:55:46.000Z');
    expect(parseBsdTimestamp('Feb  5 2024 13:07:52', NOW)).toBe('2024-02-05T13:07:52.000Z');
  });

  it('reads epoch seconds (Zeek ts) and rejects non-finite numbers', () => {
    expect(normaliseTimestamp(1664462456.755299, 'auto', NOW)).toBe('2022-09-29T14:40:56.755Z');
    expect(normaliseTimestamp(Number.NaN, 'auto', NOW)).toBeNull();
    expect(normaliseTimestamp(1e20, 'unix', NOW)).toBeNull();
    expect(normaliseTimestamp({ a: 1 }, 'auto', NOW)).toBeNull();
  });

  it('reads PAN-OS dates written with slashes, but not mixed separators', () => {
    expect(parseIsoTimestamp('2020/02/09 10:11:12')).toBe('2020-02-09T10:11:12.000Z');
    expect(parseIsoTimestamp('2020/02-09 10:11:12')).toBeNull();
    expect(parseIsoTimestamp('2020/00/00 00:00:00')).toBeNull();
  });

  it('cuts epoch fractions to the millisecond as ISO fractions are, so one event gets one time', () => {
    expect(normaliseTimestamp(1521911720.629574, 'auto', NOW)).toBe('2018-03-24T17:15:20.629Z');
    expect(normaliseTimestamp('2018-03-24T17:15:20.629574Z', 'auto', NOW)).toBe('2018-03-24T17:15:20.629Z');
    expect(normaliseTimestamp(1521911720.629, 'unix', NOW)).toBe('2018-03-24T17:15:20.629Z');
    expect(normaliseTimestamp('1557937550', 'auto', NOW)).toBe('2019-05-15T16:25:50.000Z');
    expect(normaliseTimestamp(1521911720629.9, 'unix_ms', NOW)).toBe('2018-03-24T17:15:20.629Z');
  });
});
