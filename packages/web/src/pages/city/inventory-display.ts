import { type DependencyGroup, dependencyMembers, dependencyNeed } from '@citysoc/core';
import { appendFilter } from '../events/event-fields.ts';
import { eventSearchPath } from '../events/event-search-path.ts';

/** Reading inventory definitions for display: plain strings for React to render as text. */

/** "grid-scada", "1 of scada-1, scada-2", "soft: historian-db". */
export function describeGroup(group: DependencyGroup): string {
  const members = dependencyMembers(group);
  const need = dependencyNeed(group);
  const names = members.map((member) => member.id).join(', ');
  const counted = need < members.length ? `${need} of ${names}` : names;
  return group.soft === true ? `soft: ${counted}` : counted;
}

const UNITS: readonly (readonly [number, string])[] = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'min'],
  [1, 's'],
];

/** Seconds as the inventory file writes them: 14400 → "4 h", 90 → "1 min 30 s". */
export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds === 0) return '0 s';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [size, unit] of UNITS) {
    if (rest < size) continue;
    parts.push(`${Math.floor(rest / size)} ${unit}`);
    rest %= size;
  }
  return parts.slice(0, 2).join(' ');
}

/** The address of an asset's page and of a node on the dependency graph. */
export function assetPath(id: string): string {
  return `/city/assets/${encodeURIComponent(id)}`;
}

export function graphNodePath(kind: 'service' | 'asset', id: string): string {
  return `/city?node=${encodeURIComponent(`${kind}:${id}`)}`;
}

/** The events search for everything an asset sent, over all time (enrichment stamps the asset on each event). */
export function assetEventsPath(assetId: string): string {
  return eventSearchPath(appendFilter('', 'citysoc.asset_id', assetId), 'all');
}
