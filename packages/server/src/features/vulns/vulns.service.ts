import {
  buildVulnIndex,
  canSeeDepartment,
  findVulnerabilities,
  InputError,
  type Criticality,
  mergeVulnRecords,
  NotFoundError,
  parseVulnFeed,
  type Principal,
  remediationDue,
  requirePermission,
  supportedServicesOfAssets,
  VulnFinding,
} from '@citysoc/core';
import { z } from 'zod';
import type { Bus } from '../../platform/bus/bus.ts';
import { createReevaluation } from '../../platform/reevaluation.ts';
import type { Store } from '../../platform/db/database.ts';
import type { VulnFindingsTable } from '../../platform/db/schema.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuditLog } from '../audit/index.ts';
import type { CityModelCache, InventoryService } from '../inventory/index.ts';
import {
  allFindings,
  findFinding,
  insertFindings,
  listFindings,
  storedRecords,
  updateFinding,
  upsertRecords,
} from './vulns.repository.ts';
import { summariseFindings, type VulnsSummary } from './vulns-summary.ts';

export const FindingStatus = z.enum(['open', 'accepted', 'fixed', 'false_positive']);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** A finding as listed: the contract fields of `citysoc vulns findings --json`, plus its id, lifecycle and department. */
export const FindingView = VulnFinding.extend({
  id: z.string(),
  status: FindingStatus,
  department: z.string(),
  first_seen: z.string(),
  last_seen: z.string(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  decision_note: z.string().nullable(),
  accepted_until: z.string().nullable(),
});
export type FindingView = z.infer<typeof FindingView>;

export const FindingDecision = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('accepted'),
    note: z.string().trim().min(1).max(2000),
    until: z.iso.date(),
  }),
  z.strictObject({ status: z.literal('false_positive'), note: z.string().trim().min(1).max(2000) }),
  z.strictObject({ status: z.literal('open'), note: z.string().trim().max(2000).default('') }),
]);
export type FindingDecision = z.input<typeof FindingDecision>;

export interface VulnImportSummary {
  name: string;
  kind: string;
  summary: string;
  records: number;
}

function toView(row: VulnFindingsTable): FindingView {
  return FindingView.parse({
    ...VulnFinding.parse(JSON.parse(row.document)),
    id: row.id,
    status: row.status,
    department: row.department_id,
    first_seen: row.first_seen,
    last_seen: row.last_seen,
    decided_by: row.decided_by,
    decided_at: row.decided_at,
    decision_note: row.decision_note,
    accepted_until: row.accepted_until,
  });
}

/**
 * Vulnerability intelligence: KEV, CVE 5, NVD and EPSS feeds merged per CVE, matched against the inventory's
 * CPE names and prioritised by exploitation, exposure and the services at stake. Findings keep a lifecycle:
 * open → accepted (with an approver and an expiry) or false positive; a finding that no longer matches is
 * fixed, and reopens if it matches again or its acceptance expires. Re-evaluated after every feed import and
 * inventory change.
 */
export function createVulnsService(deps: {
  store: Store;
  audit: AuditLog;
  bus: Bus;
  log: Logger;
  inventory: InventoryService;
  city: CityModelCache;
  now?: () => Date;
}) {
  const { store, audit, bus, log, city } = deps;
  const now = deps.now ?? (() => new Date());
  // The security stance is built after this service (it reads findings); until it is attached, SLAs are standard.
  let remediationFactor: (departmentId: string) => number = () => 1;

  async function evaluateNow(): Promise<number> {
    const at = now();
    const stamp = at.toISOString();
    const [records, model] = await Promise.all([storedRecords(store.db), city.current()]);
    if (records.length === 0) return 0;
    const index = buildVulnIndex(records);
    const services = new Map([...model.services.values()].map((s) => [s.id, s]));
    const supported = supportedServicesOfAssets(model.graph, 50);
    const servicesOf = (assetId: string) =>
      (supported.get(assetId) ?? []).flatMap((id) => {
        const service = services.get(id);
        return service ? [{ id, criticality: service.criticality as Criticality, population: service.population }] : [];
      });
    const { findings } = findVulnerabilities(index, model.assets.values(), servicesOf, at);
    const stored = new Map((await allFindings(store.db)).map((row) => [row.id, row]));
    const fresh: VulnFindingsTable[] = [];
    await store.db.transaction().execute(async (trx) => {
      const seen = new Set<string>();
      for (const finding of findings) {
        const id = `${finding.asset}:${finding.cve}`;
        seen.add(id);
        const before = stored.get(id);
        const department = model.assets.get(finding.asset)?.department ?? '';
        // The remediation clock runs from when the finding was first seen, at the pace the stance sets.
        const due = remediationDue(
          finding.priority,
          new Date(before?.first_seen ?? stamp),
          finding.kev_due,
          remediationFactor(department),
        );
        const columns = {
          priority: finding.priority,
          score: finding.score,
          ssvc: finding.ssvc,
          due,
          reason: finding.reason,
          last_seen: stamp,
          department_id: department,
          document: JSON.stringify({ ...finding, due }),
        };
        if (!before) {
          fresh.push({
            id,
            asset_id: finding.asset,
            cve: finding.cve,
            status: 'open',
            first_seen: stamp,
            decided_by: null,
            decided_at: null,
            decision_note: null,
            accepted_until: null,
            ...columns,
          });
          continue;
        }
        const expired = before.status === 'accepted' && before.accepted_until !== null && before.accepted_until < stamp;
        const reopened = before.status === 'fixed' || expired;
        await updateFinding(trx, id, { ...columns, ...(reopened && { status: 'open' }) });
      }
      await insertFindings(trx, fresh);
      for (const [id, row] of stored) {
        if (!seen.has(id) && (row.status === 'open' || row.status === 'accepted')) {
          await updateFinding(trx, id, { status: 'fixed' });
        }
      }
    });
    if (fresh.length > 0) await bus.publish('vulns.changed', { new: fresh.length });
    return findings.length;
  }

  // One evaluation at a time, each on the latest feeds and inventory; inventory edits come in bursts (an import,
  // a connector sync) and are evaluated once they settle; a stance change moves remediation due dates.
  const reevaluation = createReevaluation({
    what: 'vulnerability evaluation',
    evaluate: evaluateNow,
    bus,
    log,
    on: ['inventory.changed', 'stance.changed'],
  });
  const evaluate = reevaluation.run;

  return {
    /**
     * Imports feeds (each a file's text and name) and re-evaluates the findings once at the end. A feed that
     * cannot be read is reported with its reason and does not stop the others.
     */
    async importFeeds(
      actor: Principal,
      feeds: readonly { name: string; text: string }[],
    ): Promise<(VulnImportSummary | { name: string; error: string })[]> {
      requirePermission(actor, 'intel.manage');
      const results: (VulnImportSummary | { name: string; error: string })[] = [];
      for (const { name, text } of feeds) {
        let feed: ReturnType<typeof parseVulnFeed>;
        try {
          feed = parseVulnFeed(text, name);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          results.push({ name, error: error.message });
          continue;
        }
        const at = now().toISOString();
        await audit.transact(actor, async (trx, record) => {
          const existing = await storedRecords(trx, [...new Set(feed.records.map((r) => r.cve))]);
          await upsertRecords(trx, mergeVulnRecords([...existing, ...feed.records]), at);
          record({
            action: 'vulns.import',
            targetType: 'vuln_feed',
            targetId: name.slice(0, 200),
            departmentId: null,
            details: { kind: feed.kind, records: feed.records.length },
          });
        });
        results.push({ name, kind: feed.kind, summary: feed.summary, records: feed.records.length });
      }
      await evaluate();
      return results;
    },

    evaluate,

    /** Remediation SLAs follow the stance in force for the asset's department (its `sla_factor.remediation`). */
    useRemediationFactor(factor: (departmentId: string) => number): void {
      remediationFactor = factor;
    },

    async findings(
      actor: Principal,
      filter: { department?: string; status?: FindingStatus; limit?: number } = {},
    ): Promise<FindingView[]> {
      requirePermission(actor, 'inventory.read');
      // The store orders them: priority (P1 first), then score, high first.
      const rows = await listFindings(store.db, actor.departments, { ...filter, limit: filter.limit ?? 10_000 });
      return rows.map(toView);
    },

    /** The dashboard's figures (vulns-summary.ts) over the findings the actor may see. */
    async summary(actor: Principal): Promise<VulnsSummary> {
      requirePermission(actor, 'inventory.read');
      const rows = await listFindings(store.db, actor.departments, { limit: 1_000_000 });
      const model = await city.current();
      const visible = new Map<string, { name: string; department: string }>();
      for (const service of model.services.values())
        if (canSeeDepartment(actor, service.department)) visible.set(service.id, service);
      return summariseFindings(rows.map(toView), visible, now());
    },

    async decide(actor: Principal, id: string, decision: FindingDecision): Promise<FindingView> {
      requirePermission(actor, 'inventory.manage');
      const parsed = FindingDecision.parse(decision);
      return audit.transact(actor, async (trx, record) => {
        const row = await findFinding(trx, actor.departments, id);
        if (!row) throw new NotFoundError(`Finding '${id}' not found`);
        await updateFinding(trx, id, {
          status: parsed.status,
          decided_by: actor.name,
          decided_at: now().toISOString(),
          decision_note: parsed.note,
          accepted_until: parsed.status === 'accepted' ? `${parsed.until}T23:59:59.999Z` : null,
        });
        record({
          action: `vuln_finding.${parsed.status === 'open' ? 'reopen' : parsed.status}`,
          targetType: 'vuln_finding',
          targetId: id,
          departmentId: row.department_id,
          details: { from: row.status, to: parsed.status, note: parsed.note },
        });
        return toView((await findFinding(trx, actor.departments, id))!);
      });
    },

    close: reevaluation.close,
  };
}

export type VulnsService = ReturnType<typeof createVulnsService>;
