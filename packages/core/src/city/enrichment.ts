import type { Asset } from './inventory.ts';

/** What an event learns about the asset it came from: `citysoc.asset_id`, `service_ids`, `department`, `zone`. */
export interface AssetContext {
  readonly asset_id: string;
  readonly department: string;
  readonly zone: string | null;
  /** Services the asset supports, directly or transitively, most residents first (capped, see below). */
  readonly service_ids: readonly string[];
}

/**
 * Lookups from what events name (device id, host name, IP address) to the asset's context. Plain Maps so the
 * index can be posted to the normalisation threads (structured clone) and looked up in O(1) per event.
 */
export interface EnrichmentIndex {
  readonly byDevice: ReadonlyMap<string, AssetContext>;
  readonly byHost: ReadonlyMap<string, AssetContext>;
  readonly byIp: ReadonlyMap<string, AssetContext>;
}

/** An identifier seen in an event that matches no asset: a candidate for the inventory. */
export interface UnmatchedIdentifier {
  kind: 'device' | 'host' | 'ip';
  value: string;
}

/** A core switch can support most of the city; events carry the most populous services, not all of them. */
export const MAX_SERVICE_IDS_PER_EVENT = 20;

export const EMPTY_ENRICHMENT: EnrichmentIndex = { byDevice: new Map(), byHost: new Map(), byIp: new Map() };

/** `servicesOf` gives each asset's services, most residents first (see supportedServicesOfAssets). */
export function buildEnrichmentIndex(
  assets: Iterable<Asset>,
  servicesOf: (assetId: string) => readonly string[],
): EnrichmentIndex {
  const byDevice = new Map<string, AssetContext>();
  const byHost = new Map<string, AssetContext>();
  const byIp = new Map<string, AssetContext>();
  for (const asset of assets) {
    const context: AssetContext = {
      asset_id: asset.id,
      department: asset.department,
      zone: asset.zone ?? null,
      service_ids: servicesOf(asset.id).slice(0, MAX_SERVICE_IDS_PER_EVENT),
    };
    byDevice.set(asset.id, context);
    for (const id of asset.device_ids) byDevice.set(id, context);
    for (const host of asset.hostnames) {
      byHost.set(host, context);
      // Events often name a host by its short name ("scada-1" for "scada-1.water.city"); the first asset wins.
      const short = host.split('.')[0] as string;
      if (!byHost.has(short)) byHost.set(short, context);
    }
    for (const ip of asset.ip) byIp.set(ip, context);
  }
  return { byDevice, byHost, byIp };
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (Array.isArray(value) && typeof value[0] === 'string' && value[0] !== '') return value[0];
  return null;
}

type Fields = Record<string, unknown>;

function part(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null ? (value as Fields) : null;
}

/** Host names are matched as written first and lower-cased only when that misses: most senders write them so. */
function byHostName(index: EnrichmentIndex, name: string): AssetContext | undefined {
  const found = index.byHost.get(name);
  if (found !== undefined) return found;
  // Each lookup in a large table is a cache miss or two (~0.3 µs): skip the second when it cannot differ.
  const lower = name.toLowerCase();
  return lower === name ? undefined : index.byHost.get(lower);
}

const NO_MATCH = { context: null, unmatched: [] } as const;

/**
 * The asset an event is about, by the first identifier that names one: the reporting device or host
 * (device.id, host.name, host.hostname, host.ip, observer.hostname), then the network peers (source.ip,
 * destination.ip) so that a firewall's or IDS's event about a camera is the camera's. `department` limits the
 * match to that department's assets when the event arrived with a department-scoped token: one department's
 * sender cannot attach its events to another department's assets.
 * Reporter identifiers that match nothing are returned as discovery candidates; peers are not, since any
 * address on the internet can appear as a source. Straight-line code without per-event allocations on the
 * matching path: this runs for every event on the ingest hot path (target < 1 µs).
 */
export function enrichmentFor(
  index: EnrichmentIndex,
  fields: Record<string, unknown>,
  department: string | null,
): { context: AssetContext | null; unmatched: readonly UnmatchedIdentifier[] } {
  const allowed = (context: AssetContext | undefined) =>
    context !== undefined && (department === null || context.department === department);
  // Literal property names (not a loop over paths): V8 keeps these loads fast, computed keys are ~3× slower.
  const host = part(fields.host);
  const device = text(part(fields.device)?.id);
  const hostName = host === null ? null : text(host.name);
  const hostHostname = host === null ? null : text(host.hostname);
  const hostIp = host === null ? null : text(host.ip);
  const observer = text(part(fields.observer)?.hostname);
  let context: AssetContext | undefined;
  if (device !== null && allowed((context = index.byDevice.get(device)))) return { context: context!, unmatched: [] };
  if (hostName !== null && allowed((context = byHostName(index, hostName))))
    return { context: context!, unmatched: [] };
  if (hostHostname !== null && allowed((context = byHostName(index, hostHostname)))) {
    return { context: context!, unmatched: [] };
  }
  if (hostIp !== null && allowed((context = index.byIp.get(hostIp)))) return { context: context!, unmatched: [] };
  if (observer !== null && allowed((context = byHostName(index, observer))))
    return { context: context!, unmatched: [] };
  const source = text(part(fields.source)?.ip);
  if (source !== null && allowed((context = index.byIp.get(source)))) return { context: context!, unmatched: [] };
  const destination = text(part(fields.destination)?.ip);
  if (destination !== null && allowed((context = index.byIp.get(destination)))) {
    return { context: context!, unmatched: [] };
  }
  if (device === null && hostName === null && hostHostname === null && hostIp === null && observer === null) {
    return NO_MATCH;
  }
  const unmatched: UnmatchedIdentifier[] = [];
  if (device !== null) unmatched.push({ kind: 'device', value: device });
  if (hostName !== null) unmatched.push({ kind: 'host', value: hostName.toLowerCase() });
  if (hostHostname !== null) unmatched.push({ kind: 'host', value: hostHostname.toLowerCase() });
  if (hostIp !== null) unmatched.push({ kind: 'ip', value: hostIp });
  if (observer !== null) unmatched.push({ kind: 'host', value: observer.toLowerCase() });
  return { context: null, unmatched };
}
