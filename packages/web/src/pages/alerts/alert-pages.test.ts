import type { Alert } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { appendOlder, applyStatusChange, firstPage, mergeNewest } from './alert-pages.ts';

const PAGE = 3;

/** A minimal alert whose id sorts like the server's time-ordered ids. */
function alert(n: number, status: Alert['status'] = 'new'): Alert {
  return {
    id: `0000-${String(n).padStart(4, '0')}`,
    status,
    level: 'high',
    title: `Alert ${n}`,
    timestamp: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    departmentId: null,
    eventId: `e${n}`,
    rule: {
      id: 'r1',
      title: 'Rule',
      level: 'high',
      description: null,
      author: null,
      references: [],
      tags: [],
      falsepositives: [],
    },
    event: {
      source: 's',
      hostName: null,
      sourceIp: null,
      destinationIp: null,
      userName: null,
      deviceId: null,
      assetId: null,
      serviceIds: [],
    },
    statusChangedAt: null,
    statusChangedBy: null,
  };
}

const ids = (alerts: readonly Alert[]): number[] => alerts.map((a) => Number(a.id.slice(5)));

describe('firstPage and appendOlder', () => {
  it('expects more after a full page only', () => {
    expect(firstPage([alert(9), alert(8), alert(7)], PAGE).hasMore).toBe(true);
    const all = appendOlder(firstPage([alert(9), alert(8), alert(7)], PAGE), [alert(6)], PAGE);
    expect(ids(all.alerts)).toEqual([9, 8, 7, 6]);
    expect(all.hasMore).toBe(false);
  });
});

describe('mergeNewest', () => {
  it('puts new alerts on top and keeps the older pages', () => {
    const loaded = { alerts: [alert(9), alert(8), alert(7), alert(6), alert(5), alert(4)], hasMore: true };
    const merged = mergeNewest(loaded, [alert(10), alert(9), alert(8)], PAGE);
    expect(ids(merged.alerts)).toEqual([10, 9, 8, 7, 6, 5, 4]);
    expect(merged.hasMore).toBe(true);
  });

  it('drops alerts of the fresh range that left the filter', () => {
    const loaded = { alerts: [alert(9), alert(8), alert(7), alert(6)], hasMore: false };
    const merged = mergeNewest(loaded, [alert(9), alert(7), alert(6)], PAGE);
    expect(ids(merged.alerts)).toEqual([9, 7, 6]);
    // Older alerts can match again (a reopened one), so a full page always offers "Load more".
    expect(merged.hasMore).toBe(true);
  });

  it('takes a short page as the whole list', () => {
    const loaded = { alerts: [alert(9), alert(8), alert(7)], hasMore: true };
    expect(mergeNewest(loaded, [alert(9)], PAGE)).toEqual({ alerts: [alert(9)], hasMore: false });
  });

  it('drops the loaded alerts when a gap opened above them', () => {
    const loaded = { alerts: [alert(3), alert(2), alert(1)], hasMore: false };
    const merged = mergeNewest(loaded, [alert(9), alert(8), alert(7)], PAGE);
    expect(ids(merged.alerts)).toEqual([9, 8, 7]);
    expect(merged.hasMore).toBe(true);
  });

  it('shows status changes made elsewhere', () => {
    const loaded = { alerts: [alert(9), alert(8)], hasMore: false };
    const merged = mergeNewest(loaded, [alert(9, 'closed'), alert(8)], PAGE);
    expect(merged.alerts[0]?.status).toBe('closed');
  });
});

describe('applyStatusChange', () => {
  const loaded = { alerts: [alert(9), alert(8)], hasMore: true };

  it('removes an alert that left the status filter', () => {
    expect(ids(applyStatusChange(loaded, alert(9, 'acknowledged'), 'new').alerts)).toEqual([8]);
  });

  it('replaces it when the filter still matches', () => {
    const changed = applyStatusChange(loaded, alert(9, 'closed'), 'all');
    expect(changed.alerts.map((a) => a.status)).toEqual(['closed', 'new']);
    expect(changed.hasMore).toBe(true);
  });
});
