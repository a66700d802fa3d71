import {
  type EventHistogram,
  type EventSearchRequest,
  type EventSearchResult,
  InputError,
  parseEventQuery,
  type Principal,
  requirePermission,
  resolveTime,
  type StoredEvent,
} from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import { compileEventQuery, pageCondition } from './event-query.sql.ts';
import {
  countEvents,
  countEventsByPrefix,
  earliestEventTime,
  type EventFilter,
  searchEvents,
  type StoredEventRow,
} from './events.repository.ts';

export interface EventsService {
  search(actor: Principal, request: EventSearchRequest): Promise<EventSearchResult>;
  histogram(actor: Principal, request: Omit<EventSearchRequest, 'limit' | 'cursor'>): Promise<EventHistogram>;
  count(actor: Principal): Promise<number>;
}

function encodeCursor(row: StoredEventRow): string {
  return Buffer.from(JSON.stringify([row.ts, row.seq])).toString('base64url');
}

function decodeCursor(cursor: string): { ts: string; seq: number } {
  try {
    const [ts, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof ts === 'string' && typeof seq === 'number') return { ts, seq };
  } catch {
    // fall through to the error below
  }
  throw new InputError('Invalid cursor: pass back the nextCursor of a previous page');
}

function parseJsonColumn(text: string | null): Record<string, unknown> | null {
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

export function toStoredEvent(row: StoredEventRow): StoredEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    timestamp: row.ts,
    ingested: row.ingested,
    source: row.source,
    departmentId: row.department_id,
    document: parseJsonColumn(row.document) ?? {},
    original: parseJsonColumn(row.original),
    raw: row.raw ?? row.original ?? '',
  };
}

const HOUR_MS = 3_600_000;

export function createEventsService(deps: { store: Store; now?: () => Date }): EventsService {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());

  function filterFor(
    actor: Principal,
    request: { query: string; from?: string; to?: string; cursor?: string | undefined },
  ): EventFilter {
    requirePermission(actor, 'events.read');
    const at = now();
    const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    return {
      scope: actor.departments,
      condition: pageCondition(compileEventQuery(store.kind, parseEventQuery(request.query)), cursor),
      ...(request.from !== undefined && { from: resolveTime(request.from, at) }),
      ...(request.to !== undefined && { to: resolveTime(request.to, at) }),
    };
  }

  return {
    async search(actor, request) {
      const started = performance.now();
      const filter = filterFor(actor, request);
      // The cursor is part of the filter's condition, not searchEvents' `before`: see pageCondition.
      const rows = await searchEvents(store.db, { ...filter, limit: request.limit + 1 });
      const page = rows.slice(0, request.limit);
      const last = page.at(-1);
      return {
        events: page.map(toStoredEvent),
        nextCursor: rows.length > request.limit && last ? encodeCursor(last) : null,
        tookMs: Math.round((performance.now() - started) * 10) / 10,
      };
    },

    async histogram(actor, request) {
      const at = now();
      // Without `from`, as in search, the histogram covers all matching events.
      const filter = filterFor(actor, request);
      const start = filter.from ?? (await earliestEventTime(store.db, filter)) ?? at.toISOString();
      const span = Date.parse(filter.to ?? at.toISOString()) - Date.parse(start);
      const interval = span <= 3 * HOUR_MS ? 'minute' : span <= 7 * 24 * HOUR_MS ? 'hour' : 'day';
      const prefix = { minute: 16, hour: 13, day: 10 } as const;
      const suffix = { minute: ':00.000Z', hour: ':00:00.000Z', day: 'T00:00:00.000Z' } as const;
      const rows = await countEventsByPrefix(store.db, filter, prefix[interval]);
      return { interval, buckets: rows.map((r) => ({ start: `${r.bucket}${suffix[interval]}`, count: r.count })) };
    },

    count(actor) {
      requirePermission(actor, 'events.read');
      return countEvents(store.db, actor.departments);
    },
  };
}
