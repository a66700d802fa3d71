import { describe, expect, it } from 'vitest';
import { PARTITION_DAYS_AHEAD, planPartitions } from './event-partitions.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('planning the day partitions', () => {
  it('makes today and the next days when none exist', () => {
    const plan = planPartitions([], NOW, daysBefore(30));
    expect(plan.create).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
    expect(plan.create).toHaveLength(PARTITION_DAYS_AHEAD + 1);
    expect(plan.drop).toEqual([]);
  });

  it('makes only what is missing', () => {
    const plan = planPartitions(['2026-11-22', '2026-11-23', '2026-11-24'], NOW, daysBefore(30));
    expect(plan.create).toEqual(['2026-11-25']);
  });

  it('drops a day only once all of it is older than the cut-off', () => {
    // Cut-off 2026-10-23T12:00: the 22nd ended before it, the 23rd has hours after it.
    const plan = planPartitions(['2026-10-21', '2026-10-22', '2026-10-23', '2026-11-22'], NOW, daysBefore(30));
    expect(plan.drop).toEqual(['2026-10-21', '2026-10-22']);
  });

  it('crosses month and year ends', () => {
    const plan = planPartitions([], new Date('2026-12-30T23:59:59Z'), daysBefore(30));
    expect(plan.create).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });
});
