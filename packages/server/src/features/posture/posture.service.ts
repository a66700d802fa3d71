import { v7 as timeOrderedUuid } from 'uuid';
import {
  type Attestation,
  canSeeDepartment,
  type Control,
  type ControlResult,
  evaluateControls,
  InputError,
  NotFoundError,
  type Observation,
  type OpenFinding,
  type PostureGap,
  type PostureReport,
  postureReport,
  type Principal,
  requirePermission,
  type ResultStatus,
  supportedServicesOfAssets,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { z } from 'zod';
import type { Bus } from '../../platform/bus/bus.ts';
import { createReevaluation } from '../../platform/reevaluation.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuditLog } from '../audit/index.ts';
import type { DepartmentsService } from '../departments/index.ts';
import type { CityModelCache } from '../inventory/index.ts';
import type { VulnsService } from '../vulns/index.ts';
import {
  allAttestations,
  allObservations,
  allResults,
  insertAttestation,
  insertScores,
  latestScoreAt,
  replaceResults,
  scoresSince,
} from './posture.repository.ts';

const EVALUATE_EVERY_MS = 5 * 60_000;
/** A score snapshot for the trend at most this often. */
const SNAPSHOT_EVERY_MS = 60 * 60_000;
const CITY = '*';
/** Services per asset followed when rolling scores up: more than any real asset supports. */
const SERVICES_PER_ASSET = 500;

export const AttestationRequest = z.strictObject({
  control: z.string().min(1).max(64),
  /** An asset id, or a department id for department-level controls. */
  target: z.string().min(1).max(128),
  until: z.iso.date(),
  note: z.string().trim().min(10).max(4000),
});
export type AttestationRequest = z.infer<typeof AttestationRequest>;

/** One control on one target as last evaluated: a gap, or a pass (what `results` returns). */
export interface PostureResult extends Omit<PostureGap, 'status'> {
  status: ResultStatus;
}

export interface PostureTrendPoint {
  scope: string;
  at: string;
  score: number | null;
  directions: Record<string, number | null>;
}

/**
 * The city's security posture: the control catalogue evaluated on the inventory against automatic evidence
 * (device telemetry, vulnerability findings, silence detection) and attestations, scored per asset, service,
 * department, city and direction. Evaluated every five minutes and soon after the inventory or the findings
 * change; results keep since when they have had their status, and hourly snapshots make the trend.
 */
export function createPostureService(deps: {
  store: Store;
  audit: AuditLog;
  bus: Bus;
  log: Logger;
  city: CityModelCache;
  vulns: VulnsService;
  departments: DepartmentsService;
  controls: readonly Control[];
  now?: () => number;
}) {
  const { store, audit, bus, log, controls } = deps;
  const now = deps.now ?? Date.now;
  const byId = new Map(controls.map((c) => [c.id, c]));
  let latest: PostureReport | null = null;

  async function evaluateNow(): Promise<PostureReport> {
    const at = now();
    const model = await deps.city.current();
    const departments = (await deps.departments.list(SYSTEM_PRINCIPAL)).map((d) => d.id);
    const servicesOf = supportedServicesOfAssets(model.graph, SERVICES_PER_ASSET);
    const observations = new Map<string, Map<string, Observation>>();
    for (const row of await allObservations(store.db)) {
      let metrics = observations.get(row.asset_id);
      if (!metrics) observations.set(row.asset_id, (metrics = new Map()));
      metrics.set(row.metric, { state: row.state, value: row.value, at: Date.parse(row.observed_at) });
    }
    const findings = new Map<string, OpenFinding[]>();
    for (const f of await deps.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open', limit: 1_000_000 })) {
      const list = findings.get(f.asset) ?? [];
      list.push({ priority: f.priority, due: f.due, cve: f.cve });
      findings.set(f.asset, list);
    }
    const attestations: Attestation[] = (await allAttestations(store.db)).map((a) => ({
      control: a.control_id,
      target: a.target,
      by: a.attested_by,
      at: Date.parse(a.attested_at),
      expires: Date.parse(a.expires_at),
      note: a.note,
    }));
    const previous = new Map(
      (await allResults(store.db)).map((r) => [r.key, { status: r.status as ResultStatus, since: r.since }]),
    );
    const results: ControlResult[] = evaluateControls({
      controls,
      assets: [...model.assets.values()],
      departments,
      servicesOf,
      observations,
      findings,
      attestations,
      previous,
      now: at,
    });
    const report = postureReport(results, { controls, departments, servicesOf, now: at });
    const stamp = report.evaluated_at;
    const last = await latestScoreAt(store.db);
    await store.db.transaction().execute(async (trx) => {
      await replaceResults(
        trx,
        results.map((r) => ({
          key: r.key,
          control_id: r.control,
          target_kind: r.target.kind,
          target_id: r.target.id,
          department_id: r.department,
          status: r.status,
          reason: r.reason,
          since: r.since,
          evaluated_at: stamp,
        })),
      );
      if (last === null || at - Date.parse(last) >= SNAPSHOT_EVERY_MS) {
        await insertScores(trx, [
          { scope: CITY, at: stamp, score: report.city.score, directions: JSON.stringify(report.city.directions) },
          ...report.departments.map((d) => ({
            scope: d.id,
            at: stamp,
            score: d.score,
            directions: JSON.stringify(d.directions),
          })),
        ]);
      }
    });
    latest = report;
    await bus.publish('posture.changed', { score: report.city.score });
    return report;
  }

  // One evaluation at a time; a caller arriving during one waits for the next, which sees its change.
  const reevaluation = createReevaluation({
    what: 'posture evaluation',
    evaluate: evaluateNow,
    bus,
    log,
    on: ['inventory.changed', 'vulns.changed', 'posture.evidence'],
    everyMs: EVALUATE_EVERY_MS,
  });
  const evaluate = reevaluation.run;

  /** What the actor may see: the city's aggregate, and only their departments' scores, services and gaps. */
  async function visible(actor: Principal, report: PostureReport): Promise<PostureReport> {
    if (actor.departments.all) return report;
    const model = await deps.city.current();
    return {
      ...report,
      departments: report.departments.filter((d) => canSeeDepartment(actor, d.id)),
      services: report.services.filter((s) => canSeeDepartment(actor, model.services.get(s.id)?.department ?? null)),
      gaps: report.gaps.filter((g) => canSeeDepartment(actor, g.department)),
    };
  }

  return {
    evaluate,

    async report(actor: Principal, filter: { department?: string } = {}): Promise<PostureReport> {
      requirePermission(actor, 'inventory.read');
      const report = await visible(actor, latest ?? (await evaluate()));
      if (filter.department === undefined) return report;
      // Unknown and not visible read the same, so a department cannot probe for another's existence.
      if (!report.departments.some((d) => d.id === filter.department))
        throw new NotFoundError(`Department '${filter.department}' not found`);
      return {
        ...report,
        departments: report.departments.filter((d) => d.id === filter.department),
        gaps: report.gaps.filter((g) => g.department === filter.department),
      };
    },

    controls(actor: Principal): readonly Control[] {
      requirePermission(actor, 'inventory.read');
      return controls;
    },

    /**
     * Every result of the latest evaluation, passing ones included (the gaps are the others), within the
     * actor's departments and, if given, one department (unknown or not visible: NotFoundError, as `report`).
     * For auditors' exports and per-control pass counts.
     */
    async results(actor: Principal, filter: { department?: string } = {}): Promise<PostureResult[]> {
      requirePermission(actor, 'inventory.read');
      const report = await visible(actor, latest ?? (await evaluate()));
      const { department } = filter;
      if (department !== undefined && !report.departments.some((d) => d.id === department))
        throw new NotFoundError(`Department '${department}' not found`);
      const rows = await allResults(store.db);
      return rows
        .filter((r) =>
          department === undefined ? canSeeDepartment(actor, r.department_id) : r.department_id === department,
        )
        .flatMap((r) => {
          const control = byId.get(r.control_id);
          // A control removed from the catalogue since that evaluation is no result any more.
          if (!control) return [];
          return [
            {
              control: control.id,
              title: control.title,
              direction: control.direction,
              target: { kind: r.target_kind === 'department' ? 'department' : 'asset', id: r.target_id },
              department: r.department_id,
              status: r.status as ResultStatus,
              reason: r.reason,
              since: r.since,
            } satisfies PostureResult,
          ];
        });
    },

    async trend(actor: Principal, days: number): Promise<PostureTrendPoint[]> {
      requirePermission(actor, 'inventory.read');
      const visibleDepartments = (await deps.departments.list(actor)).map((d) => d.id);
      const since = new Date(now() - days * 86_400_000).toISOString();
      const rows = await scoresSince(store.db, [CITY, ...visibleDepartments], since);
      return rows.map((r) => ({
        scope: r.scope === CITY ? 'city' : r.scope,
        at: r.at,
        score: r.score,
        directions: JSON.parse(r.directions) as Record<string, number | null>,
      }));
    },

    /**
     * Records that a control is in place for an asset (asset-level controls) or a department (department-level
     * ones), until a date no later than the control allows. Audited; the posture is re-evaluated at once.
     */
    async attest(actor: Principal, request: AttestationRequest): Promise<PostureReport> {
      requirePermission(actor, 'inventory.manage');
      const parsed = AttestationRequest.parse(request);
      const control = byId.get(parsed.control);
      if (!control) throw new NotFoundError(`Control '${parsed.control}' not found`);
      if (control.evidence.kind !== 'attestation')
        throw new InputError(`Control ${control.id} is evidenced by ${control.evidence.kind}, not by attestation`);
      const model = await deps.city.current();
      let department: string;
      if (control.level === 'department') {
        department = parsed.target;
        const known = (await deps.departments.list(SYSTEM_PRINCIPAL)).some((d) => d.id === department);
        if (!known || !canSeeDepartment(actor, department))
          throw new NotFoundError(`Department '${parsed.target}' not found`);
      } else {
        const asset = model.assets.get(parsed.target);
        if (!asset || !canSeeDepartment(actor, asset.department))
          throw new NotFoundError(`Asset '${parsed.target}' not found`);
        department = asset.department;
      }
      const at = now();
      const expires = Date.parse(`${parsed.until}T23:59:59.999Z`);
      if (expires <= at) throw new InputError('until must be in the future');
      if (expires - at > control.evidence.max_validity * 1000)
        throw new InputError(
          `Control ${control.id} accepts attestations for at most ${control.evidence.max_validity / 86_400} days`,
        );
      await audit.transact(actor, async (trx, record) => {
        await insertAttestation(trx, {
          id: timeOrderedUuid(),
          control_id: control.id,
          target: parsed.target,
          department_id: department,
          attested_by: actor.name,
          attested_at: new Date(at).toISOString(),
          expires_at: new Date(expires).toISOString(),
          note: parsed.note,
        });
        record({
          action: 'posture.attest',
          targetType: control.level === 'department' ? 'department' : 'asset',
          targetId: parsed.target,
          departmentId: department,
          details: { control: control.id, until: parsed.until, note: parsed.note },
        });
      });
      return visible(actor, await evaluate());
    },

    start: reevaluation.start,
    close: reevaluation.close,
  };
}

export type PostureService = ReturnType<typeof createPostureService>;
