import {
  citySectorsIn,
  INTERNET_FACING_ZONES,
  quietStanceSignals,
  type StanceSignals,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import type { CityModel } from '../inventory/index.ts';
import type { VulnsService } from '../vulns/index.ts';
import { criticalAlertsSince, objectsById, recentObjects, sightingsSince } from './stance.repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Threat objects read per evaluation: enough for a busy month of feeds, bounded for a flood. */
const MAX_THREAT_OBJECTS = 5000;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Intelligence that targets the city's sectors in the last 30 days: `targets` relationships whose target is an
 * identity in a city sector (how STIX says "this campaign targets water utilities"), and reports, campaigns,
 * intrusion sets or threat actors labelled with such a sector. City-wide: intelligence has no department.
 */
async function targetedIntel(store: Store, now: number): Promise<StanceSignals['targetedIntel']> {
  const since = new Date(now - 30 * DAY).toISOString();
  const objects = await recentObjects(
    store.db,
    ['relationship', 'report', 'campaign', 'intrusion-set', 'threat-actor'],
    since,
    MAX_THREAT_OBJECTS,
  );
  const parsed = objects.map((o) => ({ ...o, body: JSON.parse(o.document) as Record<string, unknown> }));
  const targets = parsed.filter(
    (o) =>
      o.type === 'relationship' &&
      o.body.relationship_type === 'targets' &&
      String(o.body.target_ref).startsWith('identity--'),
  );
  const identities = new Map(
    (await objectsById(store.db, [...new Set(targets.map((t) => String(t.body.target_ref)))])).map((o) => [
      o.id,
      JSON.parse(o.document) as Record<string, unknown>,
    ]),
  );
  const sectors = new Set<string>();
  const names = new Set<string>();
  let count = 0;
  for (const relationship of targets) {
    const found = citySectorsIn(strings(identities.get(String(relationship.body.target_ref))?.sectors));
    if (found.length === 0) continue;
    count += 1;
    found.forEach((s) => sectors.add(s));
    names.add(String(relationship.body.source_ref));
  }
  for (const object of parsed) {
    if (object.type === 'relationship') continue;
    const found = citySectorsIn([...strings(object.body.labels), ...strings(object.body.sectors)]);
    if (found.length === 0) continue;
    count += 1;
    found.forEach((s) => sectors.add(s));
    if (typeof object.body.name === 'string') names.add(object.body.name);
  }
  return { last30d: count, sectors: [...sectors].sort(), names: [...names].slice(0, 10) };
}

/** Open incidents by severity in a department, or in the whole city (null, city-wide incidents included). */
export type OpenIncidentCounts = (
  department: string | null,
) => Promise<{ critical: number; high: number; medium: number; low: number }>;

/** What the stance rules read for the city (department null) or one department, now. */
export async function gatherSignals(
  deps: { store: Store; vulns: VulnsService },
  openIncidents: OpenIncidentCounts,
  model: CityModel,
  department: string | null,
  now: number,
  intel: StanceSignals['targetedIntel'] | null,
): Promise<StanceSignals> {
  const signals = quietStanceSignals();
  const [incidents, last24h, last7d, criticalAlerts, findings] = await Promise.all([
    openIncidents(department),
    sightingsSince(deps.store.db, new Date(now - DAY).toISOString(), department),
    sightingsSince(deps.store.db, new Date(now - 7 * DAY).toISOString(), department),
    criticalAlertsSince(deps.store.db, new Date(now - DAY).toISOString(), department),
    deps.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open', ...(department !== null && { department }) }),
  ]);
  signals.openIncidents = incidents;
  signals.sightings = { last24h, last7d };
  signals.alerts.critical24h = criticalAlerts;
  const critical = new Set<string>();
  const high = new Set<string>();
  const exposed = new Set<string>();
  let kevCritical = 0;
  let kevHigh = 0;
  for (const finding of findings) {
    signals.vulnerabilities.openByPriority[finding.priority] += 1;
    if (!finding.kev) continue;
    const levels = finding.services.map((id) => model.services.get(id)?.criticality);
    const onCritical = finding.services.filter((_, i) => levels[i] === 'critical');
    const onHigh = finding.services.filter((_, i) => levels[i] === 'high');
    if (onCritical.length > 0) kevCritical += 1;
    else if (onHigh.length > 0) kevHigh += 1;
    onCritical.forEach((id) => critical.add(id));
    onHigh.forEach((id) => high.add(id));
    const zone = model.assets.get(finding.asset)?.zone?.toLowerCase();
    if (zone !== undefined && INTERNET_FACING_ZONES.has(zone)) exposed.add(finding.asset);
  }
  signals.vulnerabilities.kevOnCriticalServices = { findings: kevCritical, services: [...critical].sort() };
  signals.vulnerabilities.kevOnHighServices = { findings: kevHigh, services: [...high].sort() };
  signals.exposure = { internetFacingAssetsWithKev: exposed.size, assets: [...exposed].sort() };
  const assets = [...model.assets.values()].filter((a) => department === null || a.department === department);
  signals.assets = {
    total: assets.length,
    silent: assets.filter((a) => a.status === 'silent').length,
    isolated: assets.filter((a) => a.status === 'isolated').length,
  };
  if (intel !== null) signals.targetedIntel = intel;
  return signals;
}

export { targetedIntel };
