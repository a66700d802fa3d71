import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../api/intel-schemas.ts';
import {
  indicatorFilterParams,
  indicatorQuery,
  matchesIndicatorText,
  readIndicatorFilter,
} from './indicator-filters.ts';

describe('indicator filters in the address', () => {
  it('default to every source, every indicator, the first page', () => {
    expect(readIndicatorFilter(new URLSearchParams())).toEqual({ source: '', matchable: 'all', text: '', page: 0 });
    expect(indicatorFilterParams({ source: '', matchable: 'all', text: '', page: 0 }).toString()).toBe('');
  });

  it('round-trip, counting pages from 1 for people', () => {
    const filter = { source: 'oasis', matchable: 'false', text: 'c2', page: 2 } as const;
    const params = indicatorFilterParams(filter);
    expect(params.toString()).toBe('source=oasis&matchable=false&text=c2&page=3');
    expect(readIndicatorFilter(params)).toEqual(filter);
  });

  it('ignore values an edited link could hold', () => {
    expect(readIndicatorFilter(new URLSearchParams('matchable=maybe&page=-4'))).toMatchObject({
      matchable: 'all',
      page: 0,
    });
    expect(readIndicatorFilter(new URLSearchParams('page=1.5')).page).toBe(0);
    expect(readIndicatorFilter(new URLSearchParams(`source=${'x'.repeat(100)}`)).source).toHaveLength(63);
  });
});

describe('indicatorQuery', () => {
  it('asks the server for the source, matchability and the page as limit and offset', () => {
    expect(indicatorQuery({ source: 'misp', matchable: 'true', text: 'ignored', page: 2 }).toString()).toBe(
      'source=misp&matchable=true&limit=100&offset=200',
    );
    expect(indicatorQuery({ source: '', matchable: 'all', text: '', page: 0 }).toString()).toBe('limit=100&offset=0');
  });
});

describe('matchesIndicatorText', () => {
  const indicator: Indicator = {
    id: 'indicator--1',
    source_id: 'oasis',
    name: 'C2 server of Red Team',
    pattern: "[ipv4-addr:value = '198.51.100.3']",
    pattern_type: 'stix',
    not_matchable: null,
    confidence: 80,
    tlp: 'green',
    labels: ['malicious-activity'],
    valid_from: '2025-01-01T00:00:00Z',
    valid_until: null,
    suppressed_by: null,
    revoked_at: null,
    updated_at: '2025-01-01T00:00:00Z',
  };

  it('finds by name, pattern or label, ignoring case', () => {
    expect(matchesIndicatorText(indicator, 'red team')).toBe(true);
    expect(matchesIndicatorText(indicator, '198.51.100')).toBe(true);
    expect(matchesIndicatorText(indicator, 'MALICIOUS')).toBe(true);
    expect(matchesIndicatorText(indicator, 'phishing')).toBe(false);
    expect(matchesIndicatorText({ ...indicator, name: null }, '  ')).toBe(true);
  });
});
