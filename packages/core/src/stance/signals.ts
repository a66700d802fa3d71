import { z } from 'zod';

const Count = z.number().int().min(0);
/** STIX 2.1 confidence, 0–100. */
const Confidence = z.number().min(0).max(100);
/** Ids or names quoted in reasons (services, assets, sectors, reports). The server may cap the list. */
const Names = z.array(z.string().min(1).max(256)).max(1000).default([]);

/** Indicators of compromise sighted in the scope's telemetry within one window. */
export const SightingWindow = z.strictObject({
  /** Distinct indicators with at least one sighting in the window. */
  indicators: Count,
  /** The highest confidence among them; null when none was sighted. */
  maxConfidence: Confidence.nullable(),
});
export type SightingWindow = z.infer<typeof SightingWindow>;

/** KEV findings on services of one criticality: how many, and which services (most residents first). */
export const KevOnServices = z.strictObject({ findings: Count, services: Names });
export type KevOnServices = z.infer<typeof KevOnServices>;

/**
 * What the stance is computed from, for one scope (the city, or one department), as the server counts it at
 * evaluation time. Every count is "now" unless its name gives a window. Parse it at the boundary like any input;
 * `computeStance` trusts its type.
 *
 * - `openIncidents`: incidents in progress by severity (not closed, not in post-incident review).
 * - `sightings`: indicators sighted in the last 24 hours and the last 7 days, with their highest confidence.
 * - `vulnerabilities`: open findings by priority (P1–P4, see vulns/prioritise.ts), and the KEV findings on assets
 *   that critical or high-criticality services depend on. A finding counts once, under the most critical service
 *   it touches (so `kevOnHighServices` excludes those already in `kevOnCriticalServices`).
 * - `exposure`: internet-facing assets (vulns/prioritise.ts `INTERNET_FACING_ZONES` or `internet_facing`) with
 *   at least one open KEV finding.
 * - `targetedIntel`: intelligence objects (reports, campaigns, intrusion sets…) created or modified in the last 30
 *   days whose targeted sectors or labels include one of the city's sectors (`citySectorsIn` decides).
 * - `assets`: the scope's assets, how many are silent (past their expected reporting interval) and how many are
 *   isolated by a response action right now.
 * - `alerts`: alerts of level critical raised in the last 24 hours.
 */
export const StanceSignals = z.strictObject({
  openIncidents: z.strictObject({ critical: Count, high: Count, medium: Count, low: Count }),
  sightings: z.strictObject({ last24h: SightingWindow, last7d: SightingWindow }),
  vulnerabilities: z.strictObject({
    openByPriority: z.strictObject({ P1: Count, P2: Count, P3: Count, P4: Count }),
    kevOnCriticalServices: KevOnServices,
    kevOnHighServices: KevOnServices,
  }),
  exposure: z.strictObject({ internetFacingAssetsWithKev: Count, assets: Names }),
  targetedIntel: z.strictObject({
    last30d: Count,
    /** The city sectors they target, e.g. water, energy. */
    sectors: Names,
    /** Their names, e.g. a report title or a campaign name. */
    names: Names,
  }),
  assets: z.strictObject({ total: Count, silent: Count, isolated: Count }),
  alerts: z.strictObject({ critical24h: Count }),
});
export type StanceSignals = z.infer<typeof StanceSignals>;
/** The shape the server sends (lists of names may be omitted). */
export type StanceSignalsInput = z.input<typeof StanceSignals>;

/**
 * The sectors a city runs or depends on, as STIX 2.1 `industry-sector-ov` values and the plain words feeds use in
 * labels. Intelligence targeting one of them counts as targeting the city.
 */
export const CITY_SECTORS: readonly string[] = [
  'government',
  'government-local',
  'government-regional',
  'government-public-services',
  'government-emergency-services',
  'emergency-services',
  'water',
  'infrastructure-water',
  'infrastructure-dams',
  'wastewater',
  'energy',
  'utilities',
  'electricity',
  'transportation',
  'healthcare',
  'telecommunications',
  'communications',
  'education',
];

const CITY_SECTOR_SET: ReadonlySet<string> = new Set(CITY_SECTORS);

/** Lower case, `_` and spaces as `-`, and a `sector:` / `sector=` prefix (a common label form) removed. */
function normaliseSector(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^sector[:=]\s*/, '')
    .replace(/[\s_]+/g, '-');
}

/**
 * Which of the given sectors or labels name a city sector, normalised, unique and sorted. The server uses it to
 * decide whether an intelligence object counts in `targetedIntel` and to list the sectors in the reason.
 */
export function citySectorsIn(sectorsOrLabels: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const value of sectorsOrLabels) {
    const sector = normaliseSector(value);
    if (CITY_SECTOR_SET.has(sector)) found.add(sector);
  }
  return [...found].sort();
}

/** Signals of a scope where nothing is happening: the starting point of tests and of a department with no data. */
export function quietStanceSignals(): StanceSignals {
  const window = { indicators: 0, maxConfidence: null };
  return {
    openIncidents: { critical: 0, high: 0, medium: 0, low: 0 },
    sightings: { last24h: { ...window }, last7d: { ...window } },
    vulnerabilities: {
      openByPriority: { P1: 0, P2: 0, P3: 0, P4: 0 },
      kevOnCriticalServices: { findings: 0, services: [] },
      kevOnHighServices: { findings: 0, services: [] },
    },
    exposure: { internetFacingAssetsWithKev: 0, assets: [] },
    targetedIntel: { last30d: 0, sectors: [], names: [] },
    assets: { total: 0, silent: 0, isolated: 0 },
    alerts: { critical24h: 0 },
  };
}
