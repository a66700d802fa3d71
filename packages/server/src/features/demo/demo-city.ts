import type { AssetDefinition, InventoryDocument } from '@citysoc/core';
import { buildFleet } from './demo-fleet.ts';
import { IT_FLEETS } from './demo-fleets-it.ts';
import { UTILITY_FLEETS } from './demo-fleets-ot.ts';
import { PUBLIC_FLEETS } from './demo-fleets-public.ts';
import { STREET_FLEETS } from './demo-fleets-street.ts';
import { createRandom } from './demo-random.ts';
import { RESIDENT_SERVICES } from './demo-services-resident.ts';
import { DEMO_DEPARTMENTS, FOUNDATION_SERVICES } from './demo-services.ts';

export { DEMO_CITY } from './demo-geography.ts';

/** The seed of `citysoc demo` unless told otherwise. */
export const DEFAULT_DEMO_SEED = 'aurelia';

/*
 * Address plan of the demo city, by zone:
 *   it     10.10.0.0/16   offices and data centre (10.10.9.x facility sensors, 10.10.200.x mobile VPN)
 *   dmz    172.16.0.0/16  internet-facing servers
 *   ot     10.50/16 water, 10.60/16 energy, 10.70/16 traffic control
 *   iot    10.80-10.85    street and building devices (10.81 signals, 10.82-10.83 cameras, 10.84 lighting)
 *   cloud  10.200.0.0/16  the cloud tenancy's private network
 */

/**
 * The assets the scenarios act on, by id. Ids are fixed whatever the seed (the seed moves assets, their serial
 * numbers and readings, never which assets exist), so a scenario always finds its actors.
 */
export const DEMO_ACTORS = {
  /** Internet-facing web server that is brute-forced over SSH. */
  sshTarget: 'egov-web-01',
  /** Street camera that starts scanning the data centre. */
  scanningCamera: 'sf-cam-042',
  /** The IDS sensor that reports the scan. */
  idsSensor: 'dc-ids-01',
  /** File server whose ClamAV finds malware on a share. */
  fileServer: 'dc-file-01',
  /** Data-centre door forced open… */
  dataCentreDoor: 'dc-door-02',
  /** …and the physical backup server someone then logs in to at the console. */
  consoleServer: 'dc-backup-01',
  /** Server-room sensor that sees the temperature rise, and the cooling unit that failed. */
  serverRoomSensor: 'dc-env-03',
  coolingUnit: 'dc-crac-02',
  /** Water treatment PLC whose program is changed. */
  waterPlc: 'wtr-plc-tp-02',
  /** Corridor router whose signal controllers (tr-tsc-041 … 048) go silent, and the traffic server that notices. */
  trafficCorridorRouter: 'tr-gw-06',
  trafficServer: 'tr-tms-01',
} as const;

/**
 * Generates the fictional city of Aurelia (~600,000 residents): 9 departments, 29 services with k-of-n, soft
 * and service-to-service dependencies, and ~700 assets of every type with zones, locations around the city
 * centre, addresses, host names, device ids, report intervals, metric ranges and real CPE names.
 * Deterministic: the same seed gives the same document. The result satisfies `InventoryDocument` (defaults
 * applied), so it can be imported as it is or written out as an inventory file.
 */
export function generateDemoCity(seed: number | string = DEFAULT_DEMO_SEED): InventoryDocument {
  const random = createRandom(seed);
  const assets: AssetDefinition[] = [];
  for (const fleet of [...IT_FLEETS, ...PUBLIC_FLEETS, ...UTILITY_FLEETS, ...STREET_FLEETS]) {
    assets.push(...buildFleet(fleet, random));
  }
  return structuredClone({
    departments: DEMO_DEPARTMENTS,
    services: [...FOUNDATION_SERVICES, ...RESIDENT_SERVICES],
    assets,
  });
}
