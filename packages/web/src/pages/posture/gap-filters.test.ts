import { describe, expect, it } from 'vitest';
import type { PostureGap } from '../../api/posture-schemas.ts';
import { DEFAULT_GAP_FILTER, gapFilterParams, gapsPath, matchesGapFilter, readGapFilter } from './gap-filters.ts';

const gap = (overrides: Partial<PostureGap> = {}): PostureGap => ({
  control: 'SYS-AV-01',
  title: 'Anti-virus',
  direction: 'system',
  target: { kind: 'asset', id: 'scada-2' },
  department: 'water',
  status: 'missing',
  reason: "no 'antivirus' report",
  since: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('gap filters in the address', () => {
  it('reads what a link says and round-trips it', () => {
    const params = new URLSearchParams('direction=network&department=water&status=stale&control=NET-FW-01');
    const filter = readGapFilter(params);
    expect(filter).toEqual({ direction: 'network', department: 'water', status: 'stale', control: 'NET-FW-01' });
    expect(gapFilterParams(filter).toString()).toBe(params.toString());
  });

  it('ignores values that are not choices, and overlong ids', () => {
    expect(readGapFilter(new URLSearchParams(`direction=weather&status=pass&department=${'x'.repeat(200)}`))).toEqual(
      DEFAULT_GAP_FILTER,
    );
  });

  it('links to the gaps of a department or a control, defaults left out', () => {
    expect(gapsPath({})).toBe('/posture/gaps');
    expect(gapsPath({ department: 'water' })).toBe('/posture/gaps?department=water');
    expect(gapsPath({ control: 'SYS-AV-01', status: 'fail' })).toBe('/posture/gaps?status=fail&control=SYS-AV-01');
  });
});

describe('matchesGapFilter', () => {
  it('passes every gap without filters', () => {
    expect(matchesGapFilter(gap(), DEFAULT_GAP_FILTER)).toBe(true);
  });

  it('narrows by each of direction, department, status and control', () => {
    const filter = { ...DEFAULT_GAP_FILTER };
    expect(matchesGapFilter(gap(), { ...filter, direction: 'network' })).toBe(false);
    expect(matchesGapFilter(gap(), { ...filter, direction: 'system' })).toBe(true);
    expect(matchesGapFilter(gap(), { ...filter, department: 'energy' })).toBe(false);
    expect(matchesGapFilter(gap(), { ...filter, status: 'fail' })).toBe(false);
    expect(matchesGapFilter(gap(), { ...filter, control: 'SYS-HARD-01' })).toBe(false);
    expect(
      matchesGapFilter(gap(), { direction: 'system', department: 'water', status: 'missing', control: 'SYS-AV-01' }),
    ).toBe(true);
  });
});
