import { describe, expect, it } from 'vitest';
import { indicatorsFromStixBundle } from './stix-bundle.ts';

const indicator = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${id}`,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  pattern: "[ipv4-addr:value = '198.51.100.7']",
  pattern_type: 'stix',
  valid_from: '2026-01-01T00:00:00.000000Z',
  ...extra,
});

describe('indicatorsFromStixBundle', () => {
  it('converts indicators and counts other objects', () => {
    const result = indicatorsFromStixBundle(
      {
        type: 'bundle',
        id: 'bundle--1',
        objects: [
          indicator('a', { confidence: 85, indicator_types: ['malicious-activity'], labels: ['c2'], name: 'C2' }),
          { type: 'attack-pattern', id: 'attack-pattern--x', name: 'T1071' },
          { type: 'relationship', id: 'relationship--x' },
        ],
      },
      { source: 'feed', halfLifeDays: 30 },
    );
    expect(result.otherObjects).toBe(2);
    expect(result.indicators).toEqual([
      {
        id: 'indicator--a',
        source: 'feed',
        name: 'C2',
        pattern: "[ipv4-addr:value = '198.51.100.7']",
        patternVersion: '2.1',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
        lastSeen: null,
        confidence: 85,
        halfLifeDays: 30,
        tlp: null,
        tags: ['malicious-activity', 'c2'],
        suppressedBy: null,
      },
    ]);
  });

  it('skips other pattern languages, revoked and malformed indicators with a reason', () => {
    const result = indicatorsFromStixBundle(
      [
        indicator('sigma', { pattern_type: 'sigma', pattern: 'title: x' }),
        indicator('revoked', { revoked: true }),
        indicator('broken', { pattern: 42 }),
        indicator('confidence', { confidence: 101 }),
      ],
      { source: 'feed' },
    );
    expect(result.indicators).toEqual([]);
    expect(result.skipped.map((s) => [s.id, s.reason.split(':')[0]])).toEqual([
      ['indicator--sigma', "pattern_type 'sigma' is not a STIX pattern"],
      ['indicator--revoked', 'revoked'],
      ['indicator--broken', 'malformed indicator'],
      ['indicator--confidence', 'malformed indicator'],
    ]);
  });

  it('takes the most restrictive TLP from well-known and bundled marking definitions', () => {
    const result = indicatorsFromStixBundle(
      {
        type: 'bundle',
        objects: [
          {
            type: 'marking-definition',
            id: 'marking-definition--local',
            definition_type: 'tlp',
            definition: { tlp: 'red' },
          },
          indicator('green', { object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'] }),
          indicator('both', {
            object_marking_refs: [
              'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
              'marking-definition--local',
            ],
          }),
          indicator('white', { object_marking_refs: ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'] }),
        ],
      },
      { source: 'feed' },
    );
    expect(result.indicators.map((i) => i.tlp)).toEqual(['green', 'red', 'clear']);
  });

  it('reads STIX 2.0 objects (no spec_version, no pattern_type) as 2.0 patterns', () => {
    const result = indicatorsFromStixBundle(
      {
        type: 'bundle',
        spec_version: '2.0',
        objects: [{ ...indicator('old'), spec_version: undefined, pattern_type: undefined }],
      },
      { source: 'feed' },
    );
    expect(result.indicators[0]?.patternVersion).toBe('2.0');
  });
});
