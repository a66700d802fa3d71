import {
  type Blocklist,
  type BlocklistKind,
  buildBlocklist,
  type BlocklistSkip,
  type EffectiveStancePolicy,
  NotFoundError,
  type Principal,
  requirePermission,
  type StancePolicy,
} from '@citysoc/core';
import { isIP } from 'node:net';
import type { CityModel, CityModelCache } from '../inventory/index.ts';
import type { IndicatorDetector } from './indicator-detector.ts';

/** A value another feature asks to block (an incident observable marked for blocking), with where it came from. */
export interface BlockRequest {
  kind: BlocklistKind;
  value: string;
  /** e.g. `incident 0193…`: shown to the operator reviewing the list. */
  origin: string;
}

export interface BlocklistSummary {
  name: string;
  kinds: BlocklistKind[];
  /** null while no policy in force publishes the list: it is served empty, so enforcement points unblock. */
  min_confidence: number | null;
  entries: number;
  skipped: BlocklistSkip[];
  url: string;
}

/**
 * Whether a value another feature asks to block can go on a list as it is. Lists are plain text read by
 * firewalls and resolvers: a value with a newline or space would smuggle in other entries, so anything that is
 * not exactly one address, network, domain, URL or hash is kept off (and reported).
 */
export function safeBlockValue(kind: BlocklistKind, value: string): boolean {
  switch (kind) {
    case 'ip': {
      const [address = '', prefix, extra] = value.split('/');
      if (extra !== undefined || isIP(address) === 0) return false;
      const width = isIP(address) === 4 ? 32 : 128;
      return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= width);
    }
    case 'domain':
      return /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i.test(value);
    case 'url':
      return value.length <= 2048 && /^[!-~]+$/.test(value);
    case 'file_hash':
      return /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i.test(value);
  }
}

const CACHE_MS = 5 * 60_000;

/** Most skipped values returned with a summary: enough to review, bounded for a feed full of private ranges. */
const MAX_SKIPPED = 200;

/**
 * Blocklists for the city's enforcement points (firewalls, DNS resolvers, proxies), as the security stance's
 * policies define them: which kinds of value and the lowest indicator score to publish, loosening as the
 * stance rises (content/stance). Built on request from the indicators the detector holds (so exactly what is
 * being matched, with warninglists applied) plus values other features ask to block; the city's own asset
 * addresses are never published. A list named by some policy but not in force at the current level is served
 * empty rather than refused, so a firewall polling it removes what it had blocked when the stance lowers.
 */
export function createBlocklistsService(deps: {
  indicators: IndicatorDetector;
  city: CityModelCache;
  policies: readonly StancePolicy[];
  effectivePolicy: (scope: 'city') => EffectiveStancePolicy;
  blockRequests?: () => Promise<BlockRequest[]>;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  const known = new Set(deps.policies.flatMap((p) => p.blocklists.map((b) => b.name)));

  /**
   * The indicator part of each list, kept while the indicators, the inventory and the list's policy stay the
   * same, for at most CACHE_MS (scores decay with time): with a million indicators building it takes seconds
   * (bench: ~4 s), and firewalls poll every minute or so.
   */
  const cache = new Map<string, { key: string; model: CityModel; at: number; built: Blocklist }>();

  async function build(name: string) {
    const policy = deps.effectivePolicy('city').blocklists.find((b) => b.name === name) ?? null;
    if (policy === null) return { policy, entries: [] as string[], skipped: [] as BlocklistSkip[] };
    const model = await deps.city.current();
    const ownAddresses = new Map<string, string>();
    for (const asset of model.assets.values()) for (const ip of asset.ip) ownAddresses.set(ip, asset.id);
    const kinds = new Set(policy.kinds);
    const key = `${[...kinds].sort().join(',')}|${policy.min_confidence}|${deps.indicators.stats().loadedAt}`;
    const at = now();
    let hit = cache.get(name);
    if (!hit || hit.key !== key || hit.model !== model || at - hit.at > CACHE_MS) {
      const active = deps.indicators.active();
      const built = buildBlocklist(active.indicators, {
        kinds,
        minScore: policy.min_confidence,
        now: at,
        benign: active.benign,
        ownAddresses,
      });
      hit = { key, model, at, built };
      cache.set(name, hit);
    }
    const { built } = hit;
    const requested = (await deps.blockRequests?.()) ?? [];
    const entries = new Set(built.entries);
    const skipped = [...built.skipped];
    for (const request of requested) {
      if (!kinds.has(request.kind)) continue;
      if (!safeBlockValue(request.kind, request.value)) {
        skipped.push({
          value: request.value.slice(0, 200),
          indicatorId: request.origin,
          reason: `not a valid ${request.kind}`,
        });
        continue;
      }
      const owner = request.kind === 'ip' ? ownAddresses.get(request.value) : undefined;
      if (owner === undefined) entries.add(request.value);
      else
        skipped.push({
          value: request.value,
          indicatorId: request.origin,
          reason: `the city's own address (${owner})`,
        });
    }
    return { policy, entries: [...entries].sort(), skipped };
  }

  return {
    async list(actor: Principal): Promise<BlocklistSummary[]> {
      requirePermission(actor, 'blocklists.read');
      const summaries: BlocklistSummary[] = [];
      for (const name of [...known].sort()) {
        const { policy, entries, skipped } = await build(name);
        summaries.push({
          name,
          kinds: policy?.kinds ?? [],
          min_confidence: policy?.min_confidence ?? null,
          entries: entries.length,
          // Skipped values name assets (the city's own addresses) of every department: city-wide readers only.
          skipped: actor.departments.all ? skipped.slice(0, MAX_SKIPPED) : [],
          url: `/api/blocklists/${encodeURIComponent(name)}.txt`,
        });
      }
      return summaries;
    },

    /** The list as text, one value a line, for enforcement points. */
    async text(actor: Principal, name: string): Promise<string> {
      requirePermission(actor, 'blocklists.read');
      if (!known.has(name)) throw new NotFoundError(`Blocklist '${name}' not found`);
      const { entries } = await build(name);
      return entries.length === 0 ? '' : `${entries.join('\n')}\n`;
    },
  };
}

export type BlocklistsService = ReturnType<typeof createBlocklistsService>;
