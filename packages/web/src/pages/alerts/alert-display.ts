import type { Alert } from '@citysoc/core';
import { appendFilter } from '../events/event-fields.ts';
import { eventSearchPath } from '../events/event-search-path.ts';

/**
 * Reading alerts for display. Rule metadata comes from rule files anyone may contribute and event fields
 * from log senders (attacker-controlled): everything here returns plain strings for React to render as
 * text, and only http(s) addresses ever become links.
 */

type AlertEvent = Alert['event'];

/** "web-01 · 10.0.0.5 → 10.0.0.9", "door-1", or "" when the event names no host, device or address. */
export function describeAlertEndpoints(event: AlertEvent): string {
  const names = [event.hostName, event.deviceId].filter((name): name is string => name !== null && name !== '');
  // A device that reports its id as its host name is one thing, not two.
  const unique = [...new Set(names)];
  const from = event.sourceIp ?? '';
  const to = event.destinationIp;
  const addresses = to === null || to === '' ? from : from === '' ? `→ ${to}` : `${from} → ${to}`;
  return [...unique, addresses].filter((part) => part !== '').join(' · ');
}

/**
 * The events related to an alert's event: the same source, host, device, addresses and user (field names as
 * the search language reads them), over all time.
 */
export function matchingEventsQuery(event: AlertEvent): string {
  const terms: readonly (readonly [string, string | null])[] = [
    ['citysoc.source', event.source],
    ['host.name', event.hostName],
    ['device.id', event.deviceId],
    ['source.ip', event.sourceIp],
    ['destination.ip', event.destinationIp],
    ['user.name', event.userName],
  ];
  return terms.reduce(
    (query, [field, value]) => (value === null || value === '' ? query : appendFilter(query, field, value)),
    '',
  );
}

/** The search that finds exactly the event an alert was raised on. */
export function matchedEventPath(eventId: string): string {
  return eventSearchPath(appendFilter('', 'citysoc.event_id', eventId), 'all');
}

export function matchingEventsPath(event: AlertEvent): string {
  return eventSearchPath(matchingEventsQuery(event), 'all');
}

/**
 * The reference as an absolute http(s) URL, or null for anything else (`javascript:`, `data:`, relative
 * paths, free text), which must never become a link.
 */
export function safeHttpUrl(reference: string): string | null {
  let url: URL;
  try {
    url = new URL(reference.trim());
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

export type TagKind = 'technique' | 'tactic' | 'group' | 'software' | 'other';

/** A rule tag for display: ATT&CK ids in their usual spelling (T1059.001), tactics as words. */
export interface RuleTag {
  readonly tag: string;
  readonly kind: TagKind;
  readonly label: string;
}

const TECHNIQUE = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;
const GROUP = /^attack\.(g\d{4})$/i;
const SOFTWARE = /^attack\.(s\d{4})$/i;
const TACTIC = /^attack\.([a-z]+(?:[-_][a-z]+)*)$/i;
const LOWERCASE_WORDS = new Set(['and', 'or', 'of']);

function tacticLabel(slug: string): string {
  return slug
    .toLowerCase()
    .split(/[-_]/)
    .map((word, index) =>
      index > 0 && LOWERCASE_WORDS.has(word) ? word : `${word.charAt(0).toUpperCase()}${word.slice(1)}`,
    )
    .join(' ');
}

/** Sigma's tag namespaces: `attack.t1059.001` is a technique, `attack.execution` a tactic, others pass through. */
export function classifyTag(tag: string): RuleTag {
  const technique = TECHNIQUE.exec(tag)?.[1];
  if (technique !== undefined) return { tag, kind: 'technique', label: technique.toUpperCase() };
  const group = GROUP.exec(tag)?.[1];
  if (group !== undefined) return { tag, kind: 'group', label: group.toUpperCase() };
  const software = SOFTWARE.exec(tag)?.[1];
  if (software !== undefined) return { tag, kind: 'software', label: software.toUpperCase() };
  const tactic = TACTIC.exec(tag)?.[1];
  if (tactic !== undefined) return { tag, kind: 'tactic', label: tacticLabel(tactic) };
  return { tag, kind: 'other', label: tag };
}

/**
 * MITRE's page for an ATT&CK technique, group or software tag (`T1059.001` → /techniques/T1059/001/), or null.
 * Built from the tag's validated label only, so a rule's text never becomes a link target.
 */
export function attackUrl(tag: RuleTag): string | null {
  const base = 'https://attack.mitre.org';
  if (tag.kind === 'technique') return `${base}/techniques/${tag.label.replace('.', '/')}/`;
  if (tag.kind === 'group') return `${base}/groups/${tag.label}/`;
  if (tag.kind === 'software') return `${base}/software/${tag.label}/`;
  return null;
}
