import type { AssetCandidate } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { adoptionDefinition, draftFor, suggestAssetId } from './candidate-adoption.ts';

function candidate(kind: AssetCandidate['kind'], value: string): AssetCandidate {
  return {
    id: `${kind}:${value}`,
    kind,
    value,
    department: null,
    source: 'syslog',
    first_seen: '2026-11-22T10:00:00.000Z',
    last_seen: '2026-11-22T10:00:00.000Z',
    events: 3,
    status: 'new',
    decided_at: null,
    decided_by: null,
    asset_id: null,
  };
}

describe('suggestAssetId', () => {
  it('keeps what an inventory id allows and replaces the rest', () => {
    expect(suggestAssetId('Rogue-PI.local')).toBe('rogue-pi.local');
    expect(suggestAssetId('  <b>pump 7</b> ')).toBe('b-pump-7-b-');
    expect(suggestAssetId('%%%')).toBe('asset');
  });
});

describe('adoptionDefinition', () => {
  it('gives the asset the identifier it was seen with, so later events match it', () => {
    const host = candidate('host', 'rogue-pi');
    const draft = draftFor(host, 'water');
    expect(draft).toEqual({ id: 'rogue-pi', name: 'rogue-pi', type: 'server', department: 'water' });
    expect(adoptionDefinition(host, draft)).toMatchObject({ hostnames: ['rogue-pi'] });
    expect(adoptionDefinition(candidate('ip', '10.0.0.9'), draft)).toMatchObject({ ip: ['10.0.0.9'] });
    expect(adoptionDefinition(candidate('device', 'PLC-7'), draft)).toMatchObject({ device_ids: ['PLC-7'] });
  });
});
