import {
  type AuditVerification,
  type Health,
  hasPermission,
  type IncidentsSummary,
  type Overview,
  type Principal,
  requirePermission,
} from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import { pingStore, type Store } from '../../platform/db/database.ts';
import type { TokensService, UsersService } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { DepartmentsService } from '../departments/index.ts';
import type { EventsService } from '../events/index.ts';
import type { IngestService } from '../ingest/index.ts';

/**
 * Verifying walks the whole audit chain, and every open dashboard polls the overview: the overview reuses a
 * result for this long. The explicit checks (`citysoc audit verify`, `GET /api/audit/verify`) always walk it.
 */
const VERIFICATION_REUSE_MS = 60_000;

function labelOf(details: Record<string, unknown>): string | null {
  const label = details.name ?? details.username;
  return typeof label === 'string' ? label : null;
}

export interface OverviewService {
  health(): Promise<Health>;
  overview(actor: Principal): Promise<Overview>;
}

export function createOverviewService(deps: {
  store: Store;
  bus: Bus;
  version: string;
  audit: AuditLog;
  departments: DepartmentsService;
  users: UsersService;
  tokens: TokensService;
  events: EventsService;
  ingest: IngestService;
  /** The incidents card (open by severity, SLA breaches); a function, so the overview needs no incidents feature. */
  incidents?: (actor: Principal) => Promise<IncidentsSummary>;
}): OverviewService {
  const startedAt = Date.now();
  let verification: { at: number; result: Promise<AuditVerification> } | null = null;

  function recentVerification(): Promise<AuditVerification> {
    const now = Date.now();
    if (!verification || now - verification.at > VERIFICATION_REUSE_MS) {
      const result = deps.audit.verify();
      verification = { at: now, result };
      // A failed walk (database down) must be retried next time, not reused for a minute.
      result.catch(() => {
        if (verification?.result === result) verification = null;
      });
    }
    return verification.result;
  }

  async function health(): Promise<Health> {
    let database = { ok: true, latencyMs: 0 };
    try {
      database.latencyMs = Math.round((await pingStore(deps.store)) * 100) / 100;
    } catch {
      database = { ok: false, latencyMs: -1 };
    }
    return {
      status: database.ok ? 'ok' : 'degraded',
      version: deps.version,
      store: deps.store.kind,
      bus: deps.bus.kind,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      database,
    };
  }

  return {
    health,

    async overview(actor) {
      requirePermission(actor, 'overview.read');
      // Each figure is shown only to those allowed to see it: null means "not yours to see", not zero.
      const canAudit = hasPermission(actor, 'audit.read');
      const canEvents = hasPermission(actor, 'events.read');
      const [status, departments, users, activeTokens, auditEntries, verification, recent, events] = await Promise.all([
        health(),
        deps.departments.count(actor),
        hasPermission(actor, 'users.read') ? deps.users.count(actor) : null,
        hasPermission(actor, 'tokens.manage') ? deps.tokens.countActive(actor) : null,
        canAudit ? deps.audit.count(actor) : null,
        canAudit ? recentVerification() : null,
        canAudit ? deps.audit.list(actor, { limit: 8 }) : [],
        canEvents ? deps.events.count(actor) : null,
      ]);
      const incidents = deps.incidents && hasPermission(actor, 'incidents.read') ? await deps.incidents(actor) : null;
      const ingest = canEvents ? deps.ingest.stats() : null;
      return {
        health: status,
        counts: { departments, users, activeTokens, auditEntries, events },
        ingest: ingest && {
          ...ingest.totals,
          queuedEvents: ingest.writer.queuedEvents,
          commitLatencyP99Ms: ingest.writer.commitLatencyMs.p99,
        },
        incidents,
        audit: verification && {
          ok: verification.ok,
          entries: verification.entries,
          firstBrokenSeq: verification.firstBroken?.seq ?? null,
        },
        recentActivity: recent.map((e) => ({
          seq: e.seq,
          at: e.at,
          actorName: e.actorName,
          action: e.action,
          targetType: e.targetType,
          targetId: e.targetId,
          targetLabel: labelOf(e.details),
        })),
      };
    },
  };
}
