import {
  ConflictError,
  InputError,
  NotFoundError,
  type Principal,
  requirePermission,
  StixObject,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { z } from 'zod';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuditLog } from '../audit/index.ts';
import type { IntelService } from './intel.service.ts';
import { TAXII_MEDIA_TYPE } from './taxii.service.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import {
  deleteFeed,
  findFeed,
  insertFeed,
  listFeeds,
  openFeedToken,
  recordPoll,
  sealPlaintextTokens,
} from './taxii-feeds.repository.ts';

export const TaxiiFeedInput = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'must be a lowercase slug'),
  /** The remote API root, e.g. https://peer.example/taxii2/city/ */
  apiRoot: z.url().max(2000),
  collection: z.string().uuid(),
  token: z.string().max(500).nullable().default(null),
  intervalMinutes: z.number().int().min(1).max(10_080).default(60),
  confidence: z.number().int().min(0).max(100).nullable().default(null),
});
export type TaxiiFeedInput = z.input<typeof TaxiiFeedInput>;

export interface TaxiiFeed {
  name: string;
  apiRoot: string;
  collection: string;
  intervalMinutes: number;
  addedAfter: string | null;
  lastPolledAt: string | null;
  lastError: string | null;
}

const Envelope = z.looseObject({
  more: z.boolean().optional(),
  next: z.string().max(200).optional(),
  objects: z.array(z.unknown()).max(10_000).optional(),
});
/** Pages fetched per poll at most: a feed that keeps saying "more" cannot hold the poller forever. */
const MAX_PAGES = 100;
const TICK_MS = 60_000;

/**
 * The TAXII 2.1 client: polls remote collections (another CitySOC, a sector ISAC, a vendor feed) on a schedule
 * and imports what was added since the last poll into the source `taxii-<name>`. The position is the server's
 * X-TAXII-Date-Added-Last, so nothing is fetched twice and nothing is skipped.
 */
export function createTaxiiPoller(deps: {
  store: Store;
  audit: AuditLog;
  intel: IntelService;
  log: Logger;
  /** Seals the peers' tokens at rest (see platform/secret-box.ts). */
  secrets: SecretBox;
  fetch?: typeof fetch;
  now?: () => Date;
}) {
  const { store, audit, intel, log, secrets } = deps;
  const fetchFn = deps.fetch ?? fetch;
  const now = deps.now ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;
  const polling = new Set<string>();

  const view = (row: Awaited<ReturnType<typeof listFeeds>>[number]): TaxiiFeed => ({
    name: row.name,
    apiRoot: row.api_root,
    collection: row.collection_id,
    intervalMinutes: row.interval_minutes,
    addedAfter: row.added_after,
    lastPolledAt: row.last_polled_at,
    lastError: row.last_error,
  });

  async function poll(name: string): Promise<{ objects: number; indicators: number; pages: number }> {
    const feed = await findFeed(store.db, name);
    if (!feed) throw new NotFoundError(`TAXII feed '${name}' not found`);
    const base = feed.api_root.endsWith('/') ? feed.api_root : `${feed.api_root}/`;
    const url = new URL(`collections/${feed.collection_id}/objects/`, base);
    let addedAfter = feed.added_after;
    let next: string | undefined;
    const totals = { objects: 0, indicators: 0, pages: 0 };
    try {
      const token = openFeedToken(feed, secrets);
      for (; totals.pages < MAX_PAGES; totals.pages += 1) {
        url.search = '';
        url.searchParams.set('limit', '1000');
        if (feed.added_after) url.searchParams.set('added_after', feed.added_after);
        if (next) url.searchParams.set('next', next);
        const response = await fetchFn(url, {
          headers: {
            accept: TAXII_MEDIA_TYPE,
            ...(token && { authorization: `Bearer ${token}` }),
          },
          signal: AbortSignal.timeout(30_000),
        });
        if (!response.ok) throw new Error(`${url.origin}${url.pathname} answered ${response.status}`);
        const envelope = Envelope.parse(await response.json());
        const objects = (envelope.objects ?? []).flatMap((o) => {
          const parsed = StixObject.safeParse(o);
          return parsed.success ? [parsed.data] : [];
        });
        if (objects.length > 0) {
          const summary = await intel.importObjects(SYSTEM_PRINCIPAL, objects, {
            source: `taxii-${feed.name}`,
            kind: 'taxii',
            ...(feed.confidence !== null && { confidence: feed.confidence }),
          });
          totals.objects += summary.objects;
          totals.indicators += summary.indicators;
        }
        addedAfter = response.headers.get('x-taxii-date-added-last') ?? addedAfter;
        if (!envelope.more || !envelope.next) break;
        next = envelope.next;
      }
      await recordPoll(store.db, name, { at: now().toISOString(), addedAfter, error: null });
      return { ...totals, pages: totals.pages + 1 };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await recordPoll(store.db, name, { at: now().toISOString(), addedAfter: null, error: message.slice(0, 500) });
      throw new InputError(`Polling '${name}' failed: ${message}`);
    }
  }

  async function pollDue() {
    const at = now().getTime();
    for (const feed of await listFeeds(store.db)) {
      const last = feed.last_polled_at ? Date.parse(feed.last_polled_at) : 0;
      if (at - last < feed.interval_minutes * 60_000 || polling.has(feed.name)) continue;
      polling.add(feed.name);
      await poll(feed.name)
        .catch((error: unknown) => log.warn({ err: error, feed: feed.name }, 'TAXII poll failed'))
        .finally(() => polling.delete(feed.name));
    }
  }

  return {
    /** Encrypts tokens stored before encryption at rest existed; openServices runs it at every start. */
    sealStoredTokens: () => sealPlaintextTokens(store.db, secrets),
    async add(actor: Principal, input: TaxiiFeedInput): Promise<TaxiiFeed> {
      requirePermission(actor, 'intel.manage');
      const feed = TaxiiFeedInput.parse(input);
      if (await findFeed(store.db, feed.name)) throw new ConflictError(`TAXII feed '${feed.name}' already exists`);
      await audit.transact(actor, async (trx, record) => {
        await insertFeed(
          trx,
          {
            name: feed.name,
            api_root: feed.apiRoot,
            collection_id: feed.collection,
            token: feed.token,
            interval_minutes: feed.intervalMinutes,
            confidence: feed.confidence,
            added_after: null,
            last_polled_at: null,
            last_error: null,
            created_at: now().toISOString(),
          },
          secrets,
        );
        record({
          action: 'taxii_feed.create',
          targetType: 'taxii_feed',
          targetId: feed.name,
          departmentId: null,
          details: { apiRoot: feed.apiRoot, collection: feed.collection },
        });
      });
      return view((await findFeed(store.db, feed.name))!);
    },

    async list(actor: Principal): Promise<TaxiiFeed[]> {
      requirePermission(actor, 'intel.read');
      return (await listFeeds(store.db)).map(view);
    },

    async remove(actor: Principal, name: string): Promise<void> {
      requirePermission(actor, 'intel.manage');
      await audit.transact(actor, async (trx, record) => {
        if (!(await findFeed(trx, name))) throw new NotFoundError(`TAXII feed '${name}' not found`);
        await deleteFeed(trx, name);
        record({ action: 'taxii_feed.delete', targetType: 'taxii_feed', targetId: name, departmentId: null });
      });
    },

    async pollNow(actor: Principal, name: string) {
      requirePermission(actor, 'intel.manage');
      return poll(name);
    },

    start() {
      timer ??= setInterval(() => void pollDue(), TICK_MS);
      timer.unref();
    },

    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type TaxiiPoller = ReturnType<typeof createTaxiiPoller>;
