import type { DependencyGroup, InventoryDepartment, ServiceDefinition } from '@citysoc/core';
import { seq } from './demo-fleet.ts';

/** The nine departments of Aurelia's administration. */
export const DEMO_DEPARTMENTS: InventoryDepartment[] = [
  {
    id: 'water',
    name: 'Water Utility',
    description: 'Drinking water treatment and supply, reservoirs and wastewater.',
  },
  { id: 'energy', name: 'Energy', description: 'Municipal grid, district heating, solar plants and EV charging.' },
  {
    id: 'transport',
    name: 'Transport',
    description: 'Traffic signals, traffic cameras, passenger information, parking.',
  },
  { id: 'lighting', name: 'Street Lighting', description: 'Street lighting segment controllers and light sensors.' },
  { id: 'egov', name: 'E-Government', description: 'Citizen portal, permits and local taxes.' },
  { id: 'health', name: 'Health & Emergency', description: 'Emergency dispatch, ambulances and the city hospital.' },
  { id: 'it', name: 'IT & Data Centre', description: 'City network, data centre, identity, mail and cloud.' },
  { id: 'safety', name: 'Public Safety', description: 'CCTV, access control and fire alarm monitoring.' },
  { id: 'environment', name: 'Environment', description: 'Air quality, river levels and weather.' },
];

export const H = 3600;
export const M = 60;
export const service = (id: string, soft = false): DependencyGroup => (soft ? { service: id, soft } : { service: id });

/*
 * Services and what they need. Layers, so the graph stays acyclic: the power grid and the OT network need
 * only assets; the city network needs the grid; the data centre needs the grid; identity needs both; every
 * resident-facing service builds on those. `need` is the k of a k-of-n redundant group; `soft` groups degrade
 * a service without stopping it.
 */
/** The foundations (grid, networks, data centre, identity) and the utilities (water, energy). */
export const FOUNDATION_SERVICES: ServiceDefinition[] = [
  // foundations
  {
    id: 'power-grid',
    name: 'Municipal power grid',
    department: 'energy',
    criticality: 'critical',
    population: 600_000,
    rto: 4 * H,
    rpo: 15 * M,
    depends_on: [
      { assets: seq('en-rtu', 8), need: 6 },
      { assets: seq('en-scada', 2), need: 1 },
      { service: 'ot-network' },
      { assets: seq('en-meter', 20, 3), need: 10, soft: true },
    ],
  },
  {
    id: 'ot-network',
    name: 'Utility OT network',
    department: 'it',
    criticality: 'critical',
    population: 0,
    rto: 2 * H,
    depends_on: [
      { assets: seq('ot-fw', 2), need: 1 },
      { assets: seq('ot-sw', 4), need: 3 },
    ],
  },
  {
    id: 'city-network',
    name: 'City network',
    department: 'it',
    criticality: 'critical',
    population: 0,
    rto: 1 * H,
    depends_on: [
      service('power-grid'),
      { assets: seq('core-rtr', 2), need: 1 },
      { assets: seq('core-sw', 4), need: 2 },
      { assets: seq('fw-edge', 2), need: 1 },
      { assets: seq('acc-sw', 20), need: 16, soft: true },
    ],
  },
  {
    id: 'data-centre',
    name: 'Nordhafen data centre',
    department: 'it',
    criticality: 'critical',
    population: 0,
    rto: 2 * H,
    rpo: 15 * M,
    depends_on: [
      service('power-grid'),
      { assets: seq('dc-ups', 2), need: 1 },
      { assets: seq('dc-crac', 3), need: 2 },
      { assets: seq('dc-hv', 6), need: 4 },
      { assets: seq('dc-env', 8), need: 6, soft: true },
    ],
  },
  {
    id: 'identity',
    name: 'Directory and single sign-on',
    department: 'it',
    criticality: 'critical',
    population: 0,
    rto: 1 * H,
    rpo: 1 * H,
    depends_on: [
      service('city-network'),
      service('data-centre'),
      { assets: seq('dc-ad', 2), need: 1 },
      { assets: seq('dc-dns', 2), need: 1 },
    ],
  },
  {
    id: 'email',
    name: 'City e-mail',
    department: 'it',
    criticality: 'medium',
    population: 0,
    rto: 8 * H,
    rpo: 1 * H,
    depends_on: [service('identity'), { assets: seq('dc-mail', 2), need: 1 }],
  },
  {
    id: 'cloud-platform',
    name: 'Cloud platform',
    department: 'it',
    criticality: 'high',
    population: 0,
    rto: 4 * H,
    rpo: 1 * H,
    depends_on: [service('city-network'), { assets: seq('cloud-ten', 3), need: 2 }],
  },
  {
    id: 'file-services',
    name: 'Administration file shares',
    department: 'it',
    criticality: 'medium',
    population: 0,
    rto: 8 * H,
    rpo: 24 * H,
    depends_on: [service('identity'), { assets: seq('dc-file', 2), need: 1 }, { asset: 'dc-backup-01', soft: true }],
  },
  // water
  {
    id: 'water-treatment',
    name: 'Drinking water treatment',
    department: 'water',
    criticality: 'critical',
    population: 600_000,
    rto: 4 * H,
    rpo: 1 * H,
    depends_on: [
      service('power-grid'),
      service('ot-network'),
      { assets: seq('wtr-plc-tp', 4), need: 3 },
      { assets: seq('wtr-scada', 2), need: 1 },
      { asset: 'wtr-hist-01', soft: true },
      { assets: seq('wtr-qual', 15, 3), need: 10, soft: true },
    ],
  },
  {
    id: 'water-supply',
    name: 'Water supply and distribution',
    department: 'water',
    criticality: 'critical',
    population: 600_000,
    rto: 2 * H,
    rpo: 1 * H,
    depends_on: [
      service('water-treatment'),
      service('power-grid'),
      { assets: seq('wtr-plc-ps', 3), need: 2 },
      { assets: seq('wtr-plc-res', 6), need: 4 },
      { assets: seq('wtr-press', 30, 3), need: 20, soft: true },
    ],
  },
  {
    id: 'wastewater',
    name: 'Wastewater treatment',
    department: 'water',
    criticality: 'high',
    population: 600_000,
    rto: 12 * H,
    depends_on: [service('power-grid'), service('ot-network'), { assets: seq('wtr-plc-ww', 3), need: 2 }],
  },
  // energy
  {
    id: 'district-heating',
    name: 'District heating',
    department: 'energy',
    criticality: 'high',
    population: 140_000,
    rto: 8 * H,
    depends_on: [service('power-grid'), service('ot-network'), { assets: seq('en-dh-plc', 2), need: 1 }],
  },
  {
    id: 'solar-generation',
    name: 'Municipal solar generation',
    department: 'energy',
    criticality: 'low',
    population: 0,
    rto: 48 * H,
    depends_on: [service('power-grid'), { assets: seq('en-solar', 6), need: 3 }],
  },
  {
    id: 'ev-charging',
    name: 'Public EV charging',
    department: 'energy',
    criticality: 'low',
    population: 25_000,
    rto: 48 * H,
    depends_on: [
      service('power-grid'),
      service('city-network'),
      service('cloud-platform', true),
      { assets: seq('en-ev', 30, 3), need: 15 },
    ],
  },
];
