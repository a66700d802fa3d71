import type { Asset, Service } from '@citysoc/core';

/** Small factories for the City pages' unit tests: an asset or a service with defaults for what a test ignores. */

const STAMPS = { created_at: '2026-11-22T10:00:00.000Z', updated_at: '2026-11-22T10:00:00.000Z' };

export function testAsset(id: string, fields: Partial<Omit<Asset, 'id'>> = {}): Asset {
  return {
    name: id,
    type: 'server',
    department: 'water',
    criticality: 'medium',
    ip: [],
    hostnames: [],
    device_ids: [],
    software: [],
    depends_on: [],
    status: 'operational',
    status_changed_at: null,
    ...STAMPS,
    ...fields,
    id,
  };
}

export function testService(id: string, fields: Partial<Omit<Service, 'id'>> = {}): Service {
  return {
    name: id,
    department: 'water',
    criticality: 'medium',
    population: 0,
    depends_on: [],
    ...STAMPS,
    ...fields,
    id,
  };
}

/** The shape of SMALL_CITY_YAML: water needs energy's grid, one of two SCADA servers, and softly a historian. */
export function smallCity(): { services: Service[]; assets: Asset[] } {
  return {
    services: [
      testService('power-grid', { department: 'energy', population: 600_000, depends_on: [{ asset: 'grid-scada' }] }),
      testService('water-supply', {
        population: 250_000,
        depends_on: [
          { service: 'power-grid' },
          { assets: ['scada-1', 'scada-2'], need: 1 },
          { asset: 'historian-db', soft: true },
        ],
      }),
    ],
    assets: [
      testAsset('core-switch-1', { type: 'network' }),
      testAsset('scada-1', { depends_on: [{ asset: 'core-switch-1' }], location: { lat: 59.91, lon: 10.75 } }),
      testAsset('scada-2', { depends_on: [{ asset: 'core-switch-1' }] }),
      testAsset('historian-db', { type: 'database' }),
      testAsset('grid-scada', { department: 'energy' }),
    ],
  };
}
