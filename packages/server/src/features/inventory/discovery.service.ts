import {
  type Asset,
  AssetCandidate,
  type AssetDefinitionInput,
  type CandidateStatus,
  ConflictError,
  NotFoundError,
  type Principal,
  requirePermission,
} from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuditLog } from '../audit/index.ts';
import type { UnmatchedIdentifiers } from '../ingest/index.ts';
import {
  type CandidateSighting,
  decideCandidate,
  findCandidate,
  listCandidates,
  recordSightings,
} from './asset-candidates.repository.ts';
import type { AssetCandidatesTable } from '../../platform/db/schema.ts';
import type { InventoryService } from './inventory.service.ts';

/** Identifiers held between flushes; beyond this, sightings of new identifiers are counted as dropped. */
const MAX_PENDING = 10_000;
const FLUSH_MS = 2000;

export interface DiscoveryService {
  /** Takes the unmatched identifiers of a committed batch; written in the background, a few seconds later. */
  record(identifiers: UnmatchedIdentifiers): void;
  /** Writes what is pending now (tests, shutdown). */
  flush(): Promise<void>;
  list(actor: Principal, status: CandidateStatus, limit: number): Promise<AssetCandidate[]>;
  /** Creates the asset (the candidate's identifier should be among its ids, hosts or addresses) and marks it adopted. */
  adopt(actor: Principal, id: string, asset: AssetDefinitionInput): Promise<Asset>;
  ignore(actor: Principal, id: string): Promise<AssetCandidate>;
  stats(): { pending: number; dropped: number };
  close(): Promise<void>;
}

function toCandidate(row: AssetCandidatesTable): AssetCandidate {
  return AssetCandidate.parse({ ...row, department: row.department_id, events: Number(row.events) });
}

/**
 * Asset discovery from telemetry. Sightings are aggregated in memory and written in one statement every few
 * seconds, so a flood of events from unknown hosts costs one upsert per identifier per flush, not per event.
 */
export function createDiscoveryService(deps: {
  store: Store;
  audit: AuditLog;
  inventory: InventoryService;
  log: Logger;
  now?: () => Date;
}): DiscoveryService {
  const { store, audit, inventory, log } = deps;
  const now = deps.now ?? (() => new Date());
  let pending = new Map<string, CandidateSighting>();
  let dropped = 0;
  let flushing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => void flush(), FLUSH_MS);
  timer.unref();

  function flush(): Promise<void> {
    const batch = [...pending.values()];
    pending = new Map();
    flushing = flushing
      .then(() => recordSightings(store.db, batch))
      .catch((error: unknown) =>
        log.error({ err: error, identifiers: batch.length }, 'could not record asset candidates'),
      );
    return flushing;
  }

  async function get(actor: Principal, id: string): Promise<AssetCandidatesTable> {
    requirePermission(actor, 'inventory.read');
    const row = await findCandidate(store.db, actor.departments, id);
    if (!row) throw new NotFoundError(`Candidate '${id}' not found`);
    return row;
  }

  async function decide(
    actor: Principal,
    row: AssetCandidatesTable,
    status: 'adopted' | 'ignored',
    assetId: string | null,
  ) {
    await audit.transact(actor, async (trx, record) => {
      await decideCandidate(trx, row.id, { status, at: now().toISOString(), by: actor.name, assetId });
      record({
        action: status === 'adopted' ? 'asset_candidate.adopt' : 'asset_candidate.ignore',
        targetType: 'asset_candidate',
        targetId: row.id,
        departmentId: row.department_id,
        details: { kind: row.kind, value: row.value, asset: assetId },
      });
    });
  }

  return {
    record(identifiers) {
      const at = now().toISOString();
      for (const identifier of identifiers) {
        const key = `${identifier.kind}:${identifier.value}`;
        const seen = pending.get(key);
        if (seen) {
          seen.events += 1;
          seen.lastSeen = at;
        } else if (pending.size >= MAX_PENDING) {
          dropped += 1;
        } else {
          pending.set(key, {
            kind: identifier.kind,
            value: identifier.value,
            departmentId: identifier.departmentId,
            source: identifier.source,
            firstSeen: at,
            lastSeen: at,
            events: 1,
          });
        }
      }
      if (pending.size >= MAX_PENDING) void flush();
    },

    flush,

    async list(actor, status, limit) {
      requirePermission(actor, 'inventory.read');
      return (await listCandidates(store.db, actor.departments, status, limit)).map(toCandidate);
    },

    async adopt(actor, id, asset) {
      requirePermission(actor, 'inventory.manage');
      const row = await get(actor, id);
      if (row.status === 'adopted')
        throw new ConflictError(`Candidate '${id}' was already adopted as '${row.asset_id}'`);
      const created = await inventory.saveAsset(actor, asset, 'create');
      await decide(actor, row, 'adopted', created.id);
      return created;
    },

    async ignore(actor, id) {
      requirePermission(actor, 'inventory.manage');
      const row = await get(actor, id);
      await decide(actor, row, 'ignored', null);
      return toCandidate(await get(actor, id));
    },

    stats: () => ({ pending: pending.size, dropped }),

    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
