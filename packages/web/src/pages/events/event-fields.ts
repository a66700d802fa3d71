import type { StoredEvent } from '@citysoc/core';

/**
 * Reading stored events for display. Events are nested JSON whose keys and values come from the log sender
 * (attacker-controlled): everything here returns plain strings for React to render as text.
 */

/** One leaf of an event's document, e.g. `source.ip` = `10.0.0.5`. */
export interface FlatField {
  /** Dotted path for display; array elements of objects appear as `a[0].b`. */
  readonly path: string;
  readonly value: string;
  /**
   * The field name to use in a query for this exact value, or null when the search language cannot
   * address it (keys with dots or symbols, values inside arrays of objects, null and empty containers).
   */
  readonly queryField: string | null;
  /** True for null and empty objects or arrays: shown dimmed, so null is not mistaken for the text "null". */
  readonly placeholder: boolean;
}

// Matches the search language's field names segment by segment (core's FIELD), without dots inside a key,
// which would make the dotted path ambiguous.
const QUERYABLE_KEY = /^[A-Za-z0-9_@-]+$/;
const QUERY_FIELD = /^[A-Za-z_@][A-Za-z0-9_.@-]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

interface Walk {
  readonly path: string;
  /** Field name for queries so far, or null once a segment cannot be addressed. */
  readonly queryPath: string | null;
}

function child(walk: Walk, key: string): Walk {
  const path = walk.path === '' ? key : `${walk.path}.${key}`;
  const queryable = walk.queryPath !== null && QUERYABLE_KEY.test(key);
  const queryPath = queryable ? (walk.queryPath === '' ? key : `${walk.queryPath}.${key}`) : null;
  return { path, queryPath };
}

function collect(value: unknown, walk: Walk, out: FlatField[]): void {
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) out.push({ path: walk.path, value: '{}', queryField: null, placeholder: true });
    for (const key of keys) collect(value[key], child(walk, key), out);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out.push({ path: walk.path, value: '[]', queryField: null, placeholder: true });
    // Arrays of scalars match when any element matches (ECS), so each element is one row under the same
    // name; inside arrays of objects the search language has no index syntax, so those are display-only.
    value.forEach((item, index) => {
      if (isRecord(item) || Array.isArray(item))
        collect(item, { path: `${walk.path}[${index}]`, queryPath: null }, out);
      else collect(item, walk, out);
    });
    return;
  }
  const placeholder = value === null || value === undefined;
  const queryable = !placeholder && walk.queryPath !== null && QUERY_FIELD.test(walk.queryPath);
  out.push({ path: walk.path, value: scalarText(value), queryField: queryable ? walk.queryPath : null, placeholder });
}

/**
 * Every leaf of `object` as a dotted path and its text, sorted by path. `queryPrefix` is prepended to query
 * field names: `original` for the original fields, which the search language reads as `original.<path>`.
 */
export function flattenFields(object: Record<string, unknown>, queryPrefix = ''): FlatField[] {
  const out: FlatField[] = [];
  collect(object, { path: '', queryPath: queryPrefix }, out);
  // A stable sort keeps array elements in their original order under one path.
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The value at a dotted path of a nested document, if it is a non-empty string or a number. */
export function textAt(document: Record<string, unknown>, path: string): string | undefined {
  let current: unknown = document;
  for (const key of path.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  if (typeof current === 'number') return String(current);
  return typeof current === 'string' && current !== '' ? current : undefined;
}

export const SUMMARY_LENGTH = 160;

/** One line for the results table: the message, else what happened, else the start of the raw input. */
export function summarizeEvent(event: StoredEvent): string {
  const { document } = event;
  const text =
    textAt(document, 'message') ??
    textAt(document, 'event.action') ??
    textAt(document, 'event.dataset') ??
    event.raw.slice(0, SUMMARY_LENGTH);
  // Log lines may hold newlines and tabs; the table shows one line.
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_LENGTH ? `${line.slice(0, SUMMARY_LENGTH - 1)}…` : line;
}

/** "10.0.0.5 → 10.0.0.9", "web-01", or "" when the event names no host or address. */
export function describeEndpoints(document: Record<string, unknown>): string {
  const from =
    textAt(document, 'source.ip') ?? textAt(document, 'host.name') ?? textAt(document, 'host.hostname') ?? '';
  const to = textAt(document, 'destination.ip');
  if (to === undefined) return from;
  return from === '' ? `→ ${to}` : `${from} → ${to}`;
}

/** Whether the query has an OR outside quotes: ANDing a term onto it then needs parentheses (AND binds tighter). */
function hasOrOutsideQuotes(query: string): boolean {
  const unquoted = query.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return /(^|[\s()])OR([\s()]|$)|\|\|/.test(unquoted);
}

/** `query` narrowed to events where `field` equals `value` exactly (quoted: no wildcards). */
export function appendFilter(query: string, field: string, value: string): string {
  const term = `${field}:"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  const current = query.trim();
  if (current === '') return term;
  return hasOrOutsideQuotes(current) ? `(${current}) AND ${term}` : `${current} AND ${term}`;
}

/** The city context enrichment stamped on an event: the asset it came from and the services that asset supports. */
export interface EventCityContext {
  readonly assetId: string | null;
  readonly serviceIds: readonly string[];
}

/** `citysoc.asset_id` and `citysoc.service_ids` of an event's document; null and [] when it names no asset. */
export function cityContextOf(document: Record<string, unknown>): EventCityContext {
  const citysoc = document['citysoc'];
  if (!isRecord(citysoc)) return { assetId: null, serviceIds: [] };
  const assetId = citysoc['asset_id'];
  const serviceIds = citysoc['service_ids'];
  return {
    assetId: typeof assetId === 'string' && assetId !== '' ? assetId : null,
    serviceIds: Array.isArray(serviceIds) ? serviceIds.filter((id): id is string => typeof id === 'string') : [],
  };
}
