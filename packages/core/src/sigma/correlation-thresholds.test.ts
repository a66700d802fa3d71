import { describe, expect, it } from 'vitest';
import { scaleCorrelationThresholds } from './correlation-thresholds.ts';
import type { SigmaCorrelation } from './correlation-types.ts';

const correlation = (type: SigmaCorrelation['type'], condition: SigmaCorrelation['condition']): SigmaCorrelation => ({
  id: 'c',
  name: null,
  key: 'c',
  title: 'c',
  level: null,
  status: null,
  description: null,
  author: null,
  references: [],
  falsepositives: [],
  tags: [],
  type,
  rules: ['r'],
  groupBy: [],
  timespan: '5m',
  timespanMs: 300_000,
  condition,
  fields: [],
  aliases: {},
  generate: false,
});

describe('scaleCorrelationThresholds', () => {
  it('halves an event count, rounding up', () => {
    expect(scaleCorrelationThresholds(correlation('event_count', [{ op: 'gte', value: 10 }]), 0.5).condition).toEqual([
      { op: 'gte', value: 5 },
    ]);
    expect(scaleCorrelationThresholds(correlation('event_count', [{ op: 'gte', value: 3 }]), 0.6).condition).toEqual([
      { op: 'gte', value: 2 },
    ]);
  });

  it('never goes below one match', () => {
    expect(scaleCorrelationThresholds(correlation('value_count', [{ op: 'gte', value: 2 }]), 0.1).condition).toEqual([
      { op: 'gte', value: 1 },
    ]);
    expect(scaleCorrelationThresholds(correlation('value_sum', [{ op: 'gt', value: 1 }]), 0.1).condition).toEqual([
      { op: 'gt', value: 1 },
    ]);
  });

  it('leaves upper bounds, temporal and averages as written', () => {
    const range = correlation('event_count', [
      { op: 'gt', value: 100 },
      { op: 'lte', value: 200 },
    ]);
    expect(scaleCorrelationThresholds(range, 0.5).condition).toEqual([
      { op: 'gt', value: 50 },
      { op: 'lte', value: 200 },
    ]);
    const temporal = correlation('temporal', [{ op: 'gte', value: 3 }]);
    expect(scaleCorrelationThresholds(temporal, 0.5)).toBe(temporal);
    const average = correlation('value_avg', [{ op: 'gte', value: 30 }]);
    expect(scaleCorrelationThresholds(average, 0.5)).toBe(average);
  });

  it('refuses a factor that would loosen detection', () => {
    expect(() => scaleCorrelationThresholds(correlation('event_count', []), 1.5)).toThrow(RangeError);
    expect(() => scaleCorrelationThresholds(correlation('event_count', []), 0)).toThrow(RangeError);
  });
});
