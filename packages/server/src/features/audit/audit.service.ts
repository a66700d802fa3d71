import { type AuditEntry, type AuditVerification, type Principal, requirePermission } from '@citysoc/core';
import type { Transaction } from 'kysely';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { ChainVerifier, digestOf, hashEntry } from './audit-chain.ts';
import {
  allRowsInOrder,
  appendEntries,
  countEntries,
  listEntries,
  lockHead,
  readHead,
  rowToEntry,
} from './audit.repository.ts';

/** One state change, as a feature describes it. `before`/`after` are digested, never stored. */
export interface AuditRecord {
  /** `<object>.<verb>`, e.g. `department.create`, `token.revoke`. */
  action: string;
  targetType: string;
  targetId: string;
  departmentId: string | null;
  before?: unknown;
  after?: unknown;
  /** Small, secret-free summary shown to auditors (changed fields, new role, …). */
  details?: Record<string, unknown>;
}

export type RecordChange = (record: AuditRecord) => void;

/**
 * The audit log. `transact` is the only way features change state: the change and its audit entries commit
 * together or not at all, so the log can never miss a change nor record one that did not happen.
 */
export interface AuditLog {
  transact<T>(actor: Principal, work: (trx: Transaction<Database>, record: RecordChange) => Promise<T>): Promise<T>;
  list(
    principal: Principal,
    options: { limit: number; beforeSeq?: number; target?: { type: string; id: string } },
  ): Promise<AuditEntry[]>;
  count(principal: Principal): Promise<number>;
  verify(): Promise<AuditVerification>;
}

export function createAuditLog(deps: { store: Store; bus: Bus; now?: () => Date }): AuditLog {
  const { store, bus } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async transact(actor, work) {
      const appended: AuditEntry[] = [];
      const result = await store.db.transaction().execute(async (trx) => {
        const at = now().toISOString();
        // Lock first: all audited changes are serialised through the head row. Governance changes are rare,
        // so the cost is nil, and it is what keeps one linear chain across processes.
        let head = await lockHead(trx, at);
        const records: AuditRecord[] = [];
        const value = await work(trx, (record) => records.push(record));
        for (const record of records) {
          const content = {
            seq: head.seq + 1,
            at,
            actorKind: actor.kind,
            actorId: actor.id,
            actorName: actor.name,
            action: record.action,
            targetType: record.targetType,
            targetId: record.targetId,
            departmentId: record.departmentId,
            beforeDigest: digestOf(record.before),
            afterDigest: digestOf(record.after),
            details: record.details ?? {},
            prevHash: head.hash,
          };
          const entry = { ...content, hash: hashEntry(content) };
          appended.push(entry);
          head = { seq: entry.seq, hash: entry.hash };
        }
        await appendEntries(trx, appended, at);
        return value;
      });
      for (const entry of appended) {
        await bus.publish('audit.appended', { seq: entry.seq, action: entry.action, departmentId: entry.departmentId });
      }
      return result;
    },

    list(principal, options) {
      requirePermission(principal, 'audit.read');
      return listEntries(store.db, principal.departments, options);
    },

    count(principal) {
      requirePermission(principal, 'audit.read');
      return countEntries(store.db, principal.departments);
    },

    async verify() {
      const verifier = new ChainVerifier();
      const result = (firstBroken: AuditVerification['firstBroken'], headSeq: number): AuditVerification => ({
        ok: firstBroken === null,
        entries: verifier.count,
        headSeq,
        firstBroken,
      });
      // Read inside one transaction so a concurrent append cannot make a sound chain look truncated.
      return store.db.transaction().execute(async (trx) => {
        const head = await readHead(trx);
        for await (const row of allRowsInOrder(trx)) {
          let entry: AuditEntry;
          try {
            entry = rowToEntry(row);
          } catch {
            return result({ seq: Number(row.seq), reason: 'entry is no longer well-formed (edited)' }, head.seq);
          }
          const broken = verifier.next(entry);
          if (broken) return result(broken, head.seq);
        }
        return result(verifier.finish(head), head.seq);
      });
    },
  };
}
