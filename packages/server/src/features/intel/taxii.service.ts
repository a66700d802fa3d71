import {
  InputError,
  NotFoundError,
  type Principal,
  requirePermission,
  shareable,
  StixObject,
  stixTlp,
} from '@citysoc/core';
import { v5 as uuidv5, v4 as uuidv4 } from 'uuid';
import type { Store } from '../../platform/db/database.ts';
import { ensureSource, listSources, queryObjects } from './intel-objects.repository.ts';
import type { IntelService } from './intel.service.ts';

/** Namespace for collection ids: a source's collection keeps the same id across restarts and instances. */
const COLLECTIONS_NAMESPACE = '8f3c1a52-7d4e-4b9a-9c1e-2f6d3b7a5e10';
/** Where other cities and tools POST intelligence; everything else is read-only. */
export const INBOX_SOURCE = 'taxii-inbox';
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
const MAX_PAGE = 1000;
const KEPT_STATUSES = 1000;

export interface TaxiiCollection {
  id: string;
  title: string;
  description: string;
  can_read: boolean;
  can_write: boolean;
  media_types: string[];
}

export interface TaxiiStatus {
  id: string;
  status: 'complete';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: { id: string; version?: string; message?: string }[];
  failure_count: number;
  failures: { id: string; message: string }[];
  pending_count: number;
}

export interface ObjectPage {
  objects: Record<string, unknown>[];
  /** When each object was added, in the same order. */
  dateAdded: string[];
  more: boolean;
  next?: string;
  first?: string;
  last?: string;
}

export interface ObjectFilter {
  addedAfter?: string;
  next?: string;
  limit?: number;
  ids?: string[];
  types?: string[];
  specVersions?: string[];
}

/**
 * TAXII 2.1 over CitySOC's intelligence store: each intelligence source is a read-only collection, plus one
 * writable inbox. Only what may leave the city is served: objects marked TLP:AMBER or RED never are. Objects
 * are paged by the order they were added (`next` is that position), so a client polling with `added_after`
 * sees every new version exactly once.
 */
export function createTaxiiService(deps: { store: Store; intel: IntelService; now?: () => Date }) {
  const { store, intel } = deps;
  const now = deps.now ?? (() => new Date());
  const statuses = new Map<string, TaxiiStatus>();

  async function collections(): Promise<(TaxiiCollection & { source: string })[]> {
    await ensureSource(
      store.db,
      { id: INBOX_SOURCE, kind: 'taxii', description: '', defaultConfidence: null },
      now().toISOString(),
    );
    return (await listSources(store.db)).map((source) => ({
      source: source.id,
      id: uuidv5(source.id, COLLECTIONS_NAMESPACE),
      title: source.id === INBOX_SOURCE ? 'Inbox' : `Intelligence from ${source.id}`,
      description:
        source.id === INBOX_SOURCE
          ? 'Write STIX 2.1 here to share intelligence with this city'
          : `Objects imported from ${source.id} (${source.kind}) that may be shared (TLP:CLEAR/GREEN or unmarked)`,
      can_read: true,
      can_write: source.id === INBOX_SOURCE,
      media_types: [STIX_MEDIA_TYPE],
    }));
  }

  async function collection(id: string) {
    const found = (await collections()).find((c) => c.id === id);
    if (!found) throw new NotFoundError(`Collection '${id}' not found`);
    return found;
  }

  return {
    collections: async (actor: Principal): Promise<TaxiiCollection[]> => {
      requirePermission(actor, 'intel.read');
      return (await collections()).map(({ source: _source, ...rest }) => rest);
    },

    collection: async (actor: Principal, id: string): Promise<TaxiiCollection> => {
      requirePermission(actor, 'intel.read');
      const { source: _source, ...rest } = await collection(id);
      return rest;
    },

    async objects(actor: Principal, collectionId: string, filter: ObjectFilter): Promise<ObjectPage> {
      requirePermission(actor, 'intel.read');
      const { source } = await collection(collectionId);
      const limit = Math.min(Math.max(filter.limit ?? 100, 1), MAX_PAGE);
      const afterSeq = filter.next === undefined ? undefined : Number(filter.next);
      if (afterSeq !== undefined && !Number.isInteger(afterSeq)) throw new InputError(`Invalid next '${filter.next}'`);
      const rows = await queryObjects(store.db, {
        sourceIds: [source],
        ...(afterSeq !== undefined && { afterSeq }),
        ...(filter.addedAfter !== undefined && { addedAfter: filter.addedAfter }),
        ...(filter.ids && { ids: filter.ids }),
        ...(filter.types && { types: filter.types }),
        limit: limit + 1,
      });
      const visible = rows
        .slice(0, limit)
        .filter((row) => !filter.specVersions || filter.specVersions.includes(row.spec_version))
        .map((row) => ({ row, object: JSON.parse(row.document) as StixObject }))
        .filter(({ object }) => shareable(stixTlp(object)));
      const more = rows.length > limit;
      const lastRow = rows.slice(0, limit).at(-1);
      return {
        objects: visible.map(({ object }) => object),
        dateAdded: visible.map(({ row }) => row.added_at),
        more,
        ...(more && lastRow && { next: String(lastRow.added_seq) }),
        ...(visible[0] && { first: visible[0].row.added_at }),
        ...(visible.at(-1) && { last: visible.at(-1)?.row.added_at }),
      };
    },

    async add(actor: Principal, collectionId: string, envelope: unknown): Promise<TaxiiStatus> {
      requirePermission(actor, 'intel.taxii');
      const target = await collection(collectionId);
      if (!target.can_write) throw new NotFoundError(`Collection '${collectionId}' is not writable`);
      const items = (envelope as { objects?: unknown } | null)?.objects;
      if (!Array.isArray(items)) throw new InputError('A TAXII envelope with an "objects" array is required');
      const failures: TaxiiStatus['failures'] = [];
      const valid: StixObject[] = [];
      items.forEach((item, index) => {
        const parsed = StixObject.safeParse(item);
        if (parsed.success) valid.push(parsed.data);
        else {
          const id = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id : `#${index}`;
          failures.push({ id, message: parsed.error.issues.map((i) => i.message).join('; ') });
        }
      });
      const requested = now().toISOString();
      const result = await intel.importObjects(actor, valid, { source: INBOX_SOURCE, kind: 'taxii' });
      const stored = new Set(result.stored.map((s) => s.id));
      const status: TaxiiStatus = {
        id: uuidv4(),
        status: 'complete',
        request_timestamp: requested,
        total_count: items.length,
        success_count: valid.length,
        // Objects already held in the same or a newer version are a success too: the city has them.
        successes: valid.map((o) => ({
          id: o.id,
          ...(o.modified && { version: o.modified }),
          ...(!stored.has(o.id) && { message: 'already held' }),
        })),
        failure_count: failures.length,
        failures,
        pending_count: 0,
      };
      statuses.set(status.id, status);
      if (statuses.size > KEPT_STATUSES) statuses.delete(statuses.keys().next().value as string);
      return status;
    },

    status(actor: Principal, id: string): TaxiiStatus {
      requirePermission(actor, 'intel.taxii');
      const status = statuses.get(id);
      if (!status) throw new NotFoundError(`Status '${id}' not found`);
      return status;
    },
  };
}

export type TaxiiService = ReturnType<typeof createTaxiiService>;
