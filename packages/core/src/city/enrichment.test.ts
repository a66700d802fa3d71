import { describe, expect, it } from 'vitest';
import { buildEnrichmentIndex, enrichmentFor, MAX_SERVICE_IDS_PER_EVENT } from './enrichment.ts';
import { Asset } from './inventory.ts';

const asset = (id: string, department: string, extra: Record<string, unknown> = {}) =>
  Asset.parse({
    id,
    name: id,
    type: 'server',
    department,
    status: 'operational',
    status_changed_at: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...extra,
  });

const index = buildEnrichmentIndex(
  [
    asset('scada-1', 'water', { hostnames: ['scada-1.water.city'], ip: ['10.20.0.11'], zone: 'ot' }),
    asset('cam-7', 'transport', { device_ids: ['HIK-00917'], ip: ['10.40.1.7'] }),
  ],
  (id) => (id === 'scada-1' ? ['water-supply'] : Array.from({ length: 50 }, (_, i) => `svc-${i}`)),
);

describe('event enrichment', () => {
  it('finds the asset by full or short host name, with its services, department and zone', () => {
    for (const name of ['scada-1.water.city', 'SCADA-1']) {
      const { context } = enrichmentFor(index, { host: { name } }, null);
      expect(context).toEqual({ asset_id: 'scada-1', department: 'water', zone: 'ot', service_ids: ['water-supply'] });
    }
  });

  it('finds the asset by device id and by address, reporter first', () => {
    expect(enrichmentFor(index, { device: { id: 'HIK-00917' } }, null).context?.asset_id).toBe('cam-7');
    expect(
      enrichmentFor(index, { source: { ip: '10.40.1.7' }, destination: { ip: '10.20.0.11' } }, null).context?.asset_id,
    ).toBe('cam-7');
    expect(
      enrichmentFor(index, { host: { ip: ['10.20.0.11'] }, source: { ip: '10.40.1.7' } }, null).context?.asset_id,
    ).toBe('scada-1');
  });

  it('caps the services an event carries', () => {
    expect(enrichmentFor(index, { device: { id: 'cam-7' } }, null).context?.service_ids).toHaveLength(
      MAX_SERVICE_IDS_PER_EVENT,
    );
  });

  it("does not attach a department's events to another department's asset", () => {
    expect(enrichmentFor(index, { host: { name: 'scada-1' } }, 'transport').context).toBeNull();
    expect(enrichmentFor(index, { host: { name: 'scada-1' } }, 'water').context?.asset_id).toBe('scada-1');
  });

  it('returns unknown reporters as discovery candidates, but never unknown peers', () => {
    const { context, unmatched } = enrichmentFor(
      index,
      { host: { name: 'new-box', ip: '10.9.9.9' }, source: { ip: '203.0.113.5' } },
      null,
    );
    expect(context).toBeNull();
    expect(unmatched).toEqual([
      { kind: 'host', value: 'new-box' },
      { kind: 'ip', value: '10.9.9.9' },
    ]);
  });
});
