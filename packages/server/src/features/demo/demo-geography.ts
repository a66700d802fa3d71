import type { AssetLocation } from '@citysoc/core';
import type { DemoRandom } from './demo-random.ts';

/** The fictional city the demo plays: name, size and where it lies. */
export const DEMO_CITY = {
  name: 'Aurelia',
  population: 600_000,
  /** City Hall; every site is placed in kilometres from here. */
  centre: { lat: 51.98, lon: 19.96 },
  /** RFC 2606 domain: no real host can be reached by mistake. */
  domain: 'aurelia.example',
} as const;

/** A named facility, `north`/`east` kilometres from the centre. */
export interface DemoSite {
  name: string;
  north: number;
  east: number;
}

export const SITES = {
  cityHall: { name: 'City Hall', north: 0, east: 0 },
  dataCentre: { name: 'Nordhafen Data Centre', north: 3.1, east: 2.4 },
  waterWorks: { name: 'Westbrook Water Treatment Works', north: -1.2, east: -6.5 },
  wastewater: { name: 'Suedau Wastewater Plant', north: -6.8, east: -2.5 },
  gridControl: { name: 'Grid Control Centre', north: 1.4, east: -0.6 },
  heatingPlant: { name: 'District Heating Plant', north: -2.6, east: 4.1 },
  trafficCentre: { name: 'Traffic Control Centre', north: 0.8, east: -1.1 },
  dispatch: { name: 'Emergency Dispatch Centre', north: -1.5, east: 1.9 },
  hospital: { name: 'St. Aurel General Hospital', north: 2.2, east: -2.0 },
  policeHq: { name: 'Police Headquarters', north: 0.3, east: 0.9 },
  busDepot: { name: 'Ostfeld Bus Depot', north: -3.0, east: 3.5 },
} as const satisfies Record<string, DemoSite>;
export type SiteKey = keyof typeof SITES;

const KM_PER_DEGREE = 111.32;

function at(north: number, east: number, site?: string): AssetLocation {
  const lat = DEMO_CITY.centre.lat + north / KM_PER_DEGREE;
  const lon = DEMO_CITY.centre.lon + east / (KM_PER_DEGREE * Math.cos((DEMO_CITY.centre.lat * Math.PI) / 180));
  const rounded = { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
  return site === undefined ? rounded : { ...rounded, site };
}

/** A spot inside a facility (within ~80 m of its centre). */
export function atSite(site: DemoSite, random: DemoRandom): AssetLocation {
  return at(site.north + random.between(-0.08, 0.08), site.east + random.between(-0.08, 0.08), site.name);
}

/** A numbered outstation (pumping station, substation…) on a ring around the centre. */
export function ringSite(name: string, index: number, count: number, radiusKm: number): DemoSite {
  const angle = (2 * Math.PI * index) / count + 0.3;
  return { name, north: radiusKm * Math.sin(angle), east: radiusKm * Math.cos(angle) };
}

/** A street location: uniformly spread over a disc around the centre (denser near the centre, like a city). */
export function onStreet(random: DemoRandom, radiusKm = 8): AssetLocation {
  const r = radiusKm * Math.pow(random.next(), 0.75);
  const angle = random.between(0, 2 * Math.PI);
  return at(r * Math.sin(angle), r * Math.cos(angle));
}

/**
 * Sequential IPv4 addresses from a first address, skipping network, gateway (.1) and broadcast addresses, so a
 * fleet of any size stays inside plausible /24s of its zone.
 */
export function ipPool(first: string): () => string {
  const parts = first.split('.').map(Number);
  let value = (((parts[0] ?? 0) * 256 + (parts[1] ?? 0)) * 256 + (parts[2] ?? 0)) * 256 + (parts[3] ?? 0);
  return () => {
    while (value % 256 < 2 || value % 256 > 254) value += 1;
    const ip = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
    value += 1;
    return ip;
  };
}
