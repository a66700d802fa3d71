import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ASSET_TYPES, Cpe23, dependencyMembers, InventoryDocument } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { DEMO_ACTORS, DEMO_CITY, generateDemoCity } from './demo-city.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../../shared/data');

/** Every CPE 2.3 name in the CVE 5 records and NVD API pages of the shared data (JSON-decoded, so escapes match). */
function cpeNamesInSharedData(): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.startsWith('cpe:2.3:')) names.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) walk(item);
    }
  };
  for (const dir of ['cve/cvelist-v5-records-from-vulnrichment', 'nvd/api-2.0-responses']) {
    const entries = readdirSync(path.join(DATA, dir), { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith('.json')) {
        walk(JSON.parse(readFileSync(path.join(entry.parentPath, entry.name), 'utf8')));
      }
    }
  }
  return names;
}

describe('the demo city', () => {
  const city = generateDemoCity();

  it('is a valid inventory document that parses back to itself', () => {
    expect(InventoryDocument.parse(city)).toEqual(city);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDemoCity()).toEqual(city);
    const other = generateDemoCity('another seed');
    expect(other.assets.map((a) => a.id)).toEqual(city.assets.map((a) => a.id));
    expect(other.assets.map((a) => a.location)).not.toEqual(city.assets.map((a) => a.location));
  });

  it('has at least 8 departments, 20 services and 500 assets, and every asset type', () => {
    expect(city.departments.length).toBeGreaterThanOrEqual(8);
    expect(city.services.length).toBeGreaterThanOrEqual(20);
    expect(city.assets.length).toBeGreaterThanOrEqual(500);
    expect(new Set(city.assets.map((a) => a.type))).toEqual(new Set(ASSET_TYPES));
    expect(new Set(city.assets.map((a) => a.zone))).toEqual(new Set(['it', 'ot', 'dmz', 'cloud', 'iot']));
  });

  it('has unique ids, addresses, host names and device ids, and known departments', () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique([...city.services.map((s) => `service:${s.id}`), ...city.assets.map((a) => `asset:${a.id}`)]);
    unique(city.assets.flatMap((a) => a.ip));
    unique(city.assets.flatMap((a) => a.hostnames));
    unique(city.assets.flatMap((a) => a.device_ids));
    const departments = new Set(city.departments.map((d) => d.id));
    for (const owner of [...city.services, ...city.assets]) expect(departments).toContain(owner.department);
  });

  it('serves a city of about 600,000 with recovery objectives on every service', () => {
    const largest = Math.max(...city.services.map((s) => s.population));
    expect(largest).toBe(DEMO_CITY.population);
    for (const service of city.services) expect(service.rto).toBeGreaterThan(0);
    expect(new Set(city.services.map((s) => s.criticality))).toEqual(new Set(['low', 'medium', 'high', 'critical']));
  });

  it('uses k-of-n, soft and service-to-service dependencies', () => {
    const groups = city.services.flatMap((s) => s.depends_on);
    expect(groups.some((g) => g.need !== undefined && g.need < dependencyMembers(g).length)).toBe(true);
    expect(groups.some((g) => g.soft === true)).toBe(true);
    expect(groups.some((g) => g.service !== undefined)).toBe(true);
    const supply = city.services.find((s) => s.id === 'water-supply');
    expect(supply?.depends_on).toContainEqual({ assets: ['wtr-plc-ps-01', 'wtr-plc-ps-02', 'wtr-plc-ps-03'], need: 2 });
  });

  it('names only existing services and assets, and has no dependency cycle', () => {
    const edges = new Map<string, string[]>();
    for (const s of city.services) {
      edges.set(
        `service:${s.id}`,
        s.depends_on.flatMap(dependencyMembers).map((m) => `${m.kind}:${m.id}`),
      );
    }
    for (const a of city.assets) {
      edges.set(
        `asset:${a.id}`,
        a.depends_on.flatMap(dependencyMembers).map((m) => `${m.kind}:${m.id}`),
      );
    }
    for (const targets of edges.values()) for (const target of targets) expect(edges.has(target), target).toBe(true);
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') throw new Error(`cycle: ${[...trail, node].join(' → ')}`);
      state.set(node, 'visiting');
      for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of edges.keys()) visit(node, []);
  });

  it('places every asset with a location within 12 km of the city centre', () => {
    for (const asset of city.assets) {
      if (asset.location === undefined) continue;
      const north = (asset.location.lat - DEMO_CITY.centre.lat) * 111.32;
      const east =
        (asset.location.lon - DEMO_CITY.centre.lon) * 111.32 * Math.cos((DEMO_CITY.centre.lat * Math.PI) / 180);
      expect(Math.hypot(north, east), asset.id).toBeLessThan(12);
    }
  });

  it('gives every reporting device a device id and metric ranges, with the server room at 18-27 °C', () => {
    const reporting = city.assets.filter((a) => a.report_interval !== undefined);
    expect(reporting.length).toBeGreaterThan(300);
    for (const device of reporting) {
      expect(device.device_ids, device.id).toHaveLength(1);
      expect(Object.keys(device.metrics ?? {}).length, device.id).toBeGreaterThan(0);
    }
    const serverRoom = city.assets.find((a) => a.id === DEMO_ACTORS.serverRoomSensor);
    expect(serverRoom?.metrics?.temperature).toEqual({ min: 18, max: 27, unit: 'C' });
  });

  it('has the actors the scenarios need', () => {
    const ids = new Set(city.assets.map((a) => a.id));
    for (const id of Object.values(DEMO_ACTORS)) expect(ids).toContain(id);
  });

  it('uses only well-formed CPE 2.3 names that appear in the shared CVE and NVD data', () => {
    const known = cpeNamesInSharedData();
    const used = new Set(city.assets.flatMap((a) => a.software));
    expect(used.size).toBeGreaterThan(30);
    for (const cpe of used) {
      expect(Cpe23.safeParse(cpe).success, cpe).toBe(true);
      expect(known.has(cpe), cpe).toBe(true);
    }
    const withSoftware = city.assets.filter((a) => a.software.length > 0).length;
    expect(withSoftware / city.assets.length).toBeGreaterThan(0.6);
  });
});
