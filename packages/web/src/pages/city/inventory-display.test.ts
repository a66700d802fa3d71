import { describe, expect, it } from 'vitest';
import { describeGroup, formatSeconds, graphNodePath } from './inventory-display.ts';

describe('describeGroup', () => {
  it('names the members, how many are needed, and whether the group is soft', () => {
    expect(describeGroup({ service: 'power-grid' })).toBe('power-grid');
    expect(describeGroup({ assets: ['scada-1', 'scada-2'], need: 1 })).toBe('1 of scada-1, scada-2');
    expect(describeGroup({ asset: 'historian-db', soft: true })).toBe('soft: historian-db');
  });
});

describe('formatSeconds', () => {
  it('writes durations the way the inventory file does, to two units', () => {
    expect(formatSeconds(14_400)).toBe('4 h');
    expect(formatSeconds(90)).toBe('1 min 30 s');
    expect(formatSeconds(90_061)).toBe('1 d 1 h');
    expect(formatSeconds(undefined)).toBe('');
  });
});

describe('graphNodePath', () => {
  it('escapes the id for the address', () => {
    expect(graphNodePath('asset', 'a&b')).toBe('/city?node=asset%3Aa%26b');
  });
});
