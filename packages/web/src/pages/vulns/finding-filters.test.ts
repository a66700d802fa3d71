import { describe, expect, it } from 'vitest';
import type { FindingView } from '../../api/vulns-schemas.ts';
import {
  DEFAULT_FINDING_FILTER,
  findingCriteria,
  findingFilterParams,
  findingsPath,
  matchesFindingFilter,
  readFindingFilter,
} from './finding-filters.ts';

const TODAY = '2025-06-10';

const finding = (overrides: Partial<FindingView>): FindingView => ({
  id: 'f-1',
  asset: 'edge-fw',
  cve: 'CVE-2024-21762',
  cvss: 9.8,
  cvss_version: '3.1',
  cvss_vector: null,
  severity: 'CRITICAL',
  kev: true,
  kev_due: '2024-02-16',
  epss: 0.9,
  ssvc: 'Act',
  priority: 'P1',
  score: 99,
  due: '2025-06-12',
  services: ['water-supply'],
  reason: 'test',
  matches: [{ cpe: 'cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*', matchedBy: 'nvd', criteria: 'c', range: 'r' }],
  status: 'open',
  department: 'water',
  first_seen: '2025-06-01T00:00:00Z',
  last_seen: '2025-06-10T00:00:00Z',
  decided_by: null,
  decision_note: null,
  accepted_until: null,
  ...overrides,
});

describe('finding filters in the address', () => {
  it('open the open queue by default and leave defaults out of links', () => {
    expect(readFindingFilter(new URLSearchParams())).toEqual(DEFAULT_FINDING_FILTER);
    expect(findingsPath({})).toBe('/vulnerabilities/findings');
  });

  it('round-trip every filter', () => {
    const filter = {
      status: 'all',
      priority: 'P2',
      department: 'water',
      service: 'water-supply',
      kevOnly: true,
      due: 'overdue',
    } as const;
    expect(findingFilterParams(filter).toString()).toBe(
      'status=all&priority=P2&department=water&service=water-supply&kev=1&due=overdue',
    );
    expect(readFindingFilter(findingFilterParams(filter))).toEqual(filter);
    expect(findingsPath({ kevOnly: true })).toBe('/vulnerabilities/findings?kev=1');
  });

  it('fall back to defaults for values an edited link could hold', () => {
    expect(
      readFindingFilter(new URLSearchParams(`status=gone&priority=P9&due=later&kev=yes&service=${'s'.repeat(65)}`)),
    ).toEqual(DEFAULT_FINDING_FILTER);
  });
});

describe('findingCriteria', () => {
  it('sends status and department to the server, "all" as no status', () => {
    expect(findingCriteria({ ...DEFAULT_FINDING_FILTER, department: 'water' })).toEqual({
      status: 'open',
      department: 'water',
    });
    expect(findingCriteria({ ...DEFAULT_FINDING_FILTER, status: 'all' })).toEqual({});
  });
});

describe('matchesFindingFilter', () => {
  const match = (overrides: Partial<typeof DEFAULT_FINDING_FILTER>, f: Partial<FindingView> = {}) =>
    matchesFindingFilter(finding(f), { ...DEFAULT_FINDING_FILTER, ...overrides }, TODAY);

  it('narrows by priority, service and KEV', () => {
    expect(match({ priority: 'P1' })).toBe(true);
    expect(match({ priority: 'P2' })).toBe(false);
    expect(match({ service: 'water-supply' })).toBe(true);
    expect(match({ service: 'power-grid' })).toBe(false);
    expect(match({ kevOnly: true }, { kev: false })).toBe(false);
  });

  it('narrows by due date: overdue, or due within seven days', () => {
    expect(match({ due: 'overdue' }, { due: '2025-06-09' })).toBe(true);
    expect(match({ due: 'overdue' }, { due: TODAY })).toBe(false);
    expect(match({ due: '7d' }, { due: '2025-06-17' })).toBe(true);
    expect(match({ due: '7d' }, { due: '2025-06-18' })).toBe(false);
    expect(match({ due: '7d' }, { due: '2025-06-09' })).toBe(false);
  });
});
