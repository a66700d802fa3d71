import type {
  AssetDefinition,
  AssetLocation,
  AssetType,
  Criticality,
  DependencyGroup,
  MetricRange,
} from '@citysoc/core';
import { atSite, DEMO_CITY, type DemoSite, ipPool, onStreet, SITES, type SiteKey } from './demo-geography.ts';
import type { DemoRandom } from './demo-random.ts';
import { SOFTWARE, type SoftwareName } from './demo-software.ts';

/** The network zones of the demo city; each has its own address plan (see the fleets). */
export type DemoZone = 'it' | 'ot' | 'dmz' | 'cloud' | 'iot';

/**
 * A group of like assets ("30 pressure sensors of the water utility"): the unit the demo city is written in, so
 * 600 assets read as a few dozen lines. Numbers in ids are 1-based and zero-padded (`wtr-press-007`).
 */
export interface FleetSpec {
  prefix: string;
  count: number;
  width?: number;
  type: AssetType;
  department: string;
  zone: DemoZone;
  /** Singular label; the asset's number is appended. */
  name: string;
  description?: string;
  criticality?: Criticality;
  /** A facility, outstations taken in turn, anywhere on the city's streets, or nowhere (cloud). */
  place: SiteKey | readonly DemoSite[] | 'street' | 'nowhere';
  /** First address of the fleet; the rest follow. */
  firstIp: string;
  software?: readonly SoftwareName[] | ((n: number) => readonly SoftwareName[]);
  /** Gives each asset `<id>.<department>.aurelia.example`. */
  hostname?: boolean;
  /** Prefix of the hardware serial the device reports telemetry under (its device id). */
  serial?: string;
  /** Seconds between two telemetry reports. */
  interval?: number;
  metrics?: Readonly<Record<string, readonly [min: number, max: number, unit: string]>>;
  dependsOn?: (n: number) => DependencyGroup[];
}

export function assetId(prefix: string, n: number, width = 2): string {
  return `${prefix}-${String(n).padStart(width, '0')}`;
}

/** The ids of a fleet, for dependency groups: `seq('dc-hv', 6)` → dc-hv-01 … dc-hv-06. */
export function seq(prefix: string, count: number, width = 2, from = 1): string[] {
  return Array.from({ length: count }, (_, i) => assetId(prefix, from + i, width));
}

function serialNumber(serial: string, n: number, random: DemoRandom): string {
  const suffix = random.int(0, 0xffff).toString(16).toUpperCase().padStart(4, '0');
  return `${serial}-${String(n).padStart(4, '0')}-${suffix}`;
}

function metricsOf(spec: FleetSpec): Record<string, MetricRange> | undefined {
  if (spec.metrics === undefined) return undefined;
  return Object.fromEntries(Object.entries(spec.metrics).map(([name, [min, max, unit]]) => [name, { min, max, unit }]));
}

function locate(place: FleetSpec['place'], n: number, random: DemoRandom): AssetLocation | undefined {
  if (place === 'nowhere') return undefined;
  if (place === 'street') return onStreet(random);
  if (typeof place === 'string') return atSite(SITES[place], random);
  return atSite(place[(n - 1) % place.length] as DemoSite, random);
}

export function buildFleet(spec: FleetSpec, random: DemoRandom): AssetDefinition[] {
  const nextIp = ipPool(spec.firstIp);
  const width = spec.width ?? 2;
  const assets: AssetDefinition[] = [];
  for (let n = 1; n <= spec.count; n += 1) {
    const id = assetId(spec.prefix, n, width);
    const location = locate(spec.place, n, random);
    const software = typeof spec.software === 'function' ? spec.software(n) : (spec.software ?? []);
    const metrics = metricsOf(spec);
    assets.push({
      id,
      name: `${spec.name} ${String(n).padStart(width, '0')}`,
      ...(spec.description !== undefined && { description: spec.description }),
      type: spec.type,
      department: spec.department,
      criticality: spec.criticality ?? 'medium',
      zone: spec.zone,
      ...(location !== undefined && { location }),
      ip: [nextIp()],
      hostnames: spec.hostname === true ? [`${id}.${spec.department}.${DEMO_CITY.domain}`] : [],
      device_ids: spec.serial === undefined ? [] : [serialNumber(spec.serial, n, random)],
      software: software.map((name) => SOFTWARE[name]),
      ...(spec.interval !== undefined && { report_interval: spec.interval }),
      ...(metrics !== undefined && { metrics }),
      depends_on: spec.dependsOn?.(n) ?? [],
    });
  }
  return assets;
}
