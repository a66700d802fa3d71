import {
  highestTlp,
  type IncidentLessons,
  type IncidentMetrics,
  incidentMetrics,
  incidentTimes,
  InputError,
  MAX_METRICS_RANGE_DAYS,
  MetricsRequest,
  NotFoundError,
  type PlaybookRun,
  type Principal,
  requirePermission,
  UpdateIncidentLessons,
} from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import type { AuditLog } from '../audit/index.ts';
import type { IncidentsService } from '../incidents/index.ts';
import { incidentReportHtml } from './incident-report-html.ts';
import { incidentReportPdf } from './incident-report-pdf.ts';
import { type IncidentReportData, reportFilename } from './incident-report.ts';
import {
  findLessons,
  firstEvidenceOf,
  reportIncidents,
  upsertLessons,
  visibleIncidentRef,
} from './incident-reports.repository.ts';
import { type NameSources, reportNames } from './report-names.ts';

/** What the incident reports need from the rest of the product, as one explicit object. */
export interface IncidentReportsDeps extends NameSources {
  store: Store;
  audit: AuditLog;
  incidents: IncidentsService;
  /**
   * The playbook runs of a case, for its report. A function: the playbooks feature is built after this one
   * (it drives incidents), and the report only needs to read its runs when one is asked for.
   */
  playbookRuns?: (actor: Principal, incidentId: string) => Promise<PlaybookRun[]>;
  now?: () => Date;
}

/** A file to send: its bytes or text, and the name to save it under. */
export interface ReportFile<T> {
  body: T;
  filename: string;
}

const DAY_MS = 86_400_000;
/** The default metrics range: the last six months. */
const DEFAULT_RANGE_DAYS = 182;

/**
 * Incident metrics, the incident report (HTML, PDF) and its lessons learned. Reads go through the incidents
 * service (the case view, with its permission check and department scope) or through this feature's scoped
 * queries, so a reader sees only their departments' cases: another department's case is "not found".
 */
export function createIncidentReportsService(deps: IncidentReportsDeps) {
  const { store, audit, incidents } = deps;
  const now = deps.now ?? (() => new Date());

  async function lessonsOf(incidentId: string): Promise<IncidentLessons> {
    const row = await findLessons(store.db, incidentId);
    return {
      incidentId,
      text: row?.text ?? '',
      updatedAt: row?.updated_at ?? null,
      updatedBy: row?.updated_by ?? null,
    };
  }

  async function reportData(actor: Principal, id: string): Promise<IncidentReportData> {
    const incident = await incidents.get(actor, id);
    const generatedAt = now();
    const [lessons, firstEvidenceAt, names, model, playbookRuns] = await Promise.all([
      lessonsOf(incident.id),
      firstEvidenceOf(store.db, incident.id),
      reportNames(deps),
      deps.city.current(),
      deps.playbookRuns?.(actor, incident.id) ?? Promise.resolve([]),
    ]);
    const times = incidentTimes(
      {
        ...incident,
        resolutionKind: incident.resolution?.kind ?? null,
        firstEvidenceAt,
      },
      generatedAt,
    );
    return {
      incident,
      tlp: highestTlp(incident.observables.map((o) => o.tlp)),
      lessons,
      times,
      departmentName: names.department(incident.departmentId),
      services: incident.serviceIds.map((serviceId) => {
        const service = model.services.get(serviceId);
        return {
          id: serviceId,
          name: service?.name ?? serviceId,
          criticality: service?.criticality ?? 'unknown',
          population: service?.population ?? 0,
        };
      }),
      assets: incident.assetIds.map((assetId) => {
        const asset = model.assets.get(assetId);
        return { id: assetId, name: asset?.name ?? assetId, type: asset?.type ?? 'unknown' };
      }),
      playbookRuns: [...playbookRuns].sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
      generatedAt,
      generatedBy: actor.name,
    };
  }

  function instant(text: string): Date {
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw new InputError(`'${text}' is not a date`);
    return at;
  }

  return {
    /** MTTD, MTTA, MTTC, MTTR and SLA compliance of the incidents opened in [from, to), grouped and over time. */
    async metrics(actor: Principal, input: unknown): Promise<IncidentMetrics> {
      requirePermission(actor, 'incidents.read');
      const request = MetricsRequest.parse(input);
      const current = now();
      const to = request.to === undefined ? current : instant(request.to);
      const from =
        request.from === undefined ? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS) : instant(request.from);
      if (from >= to) throw new InputError("'from' must be before 'to'");
      if (to.getTime() - from.getTime() > MAX_METRICS_RANGE_DAYS * DAY_MS) {
        throw new InputError(`The range may cover at most ${MAX_METRICS_RANGE_DAYS} days`);
      }
      const asOf = new Date(Math.min(to.getTime(), current.getTime()));
      const [rows, names] = await Promise.all([
        reportIncidents(store.db, actor.departments, {
          createdFrom: from.toISOString(),
          createdBefore: to.toISOString(),
        }),
        reportNames(deps),
      ]);
      return incidentMetrics(
        rows,
        { from, to, asOf, groupBy: request.groupBy ?? null, interval: request.interval },
        names,
      );
    },

    reportData,

    async reportHtml(actor: Principal, id: string): Promise<ReportFile<string>> {
      const data = await reportData(actor, id);
      return { body: incidentReportHtml(data), filename: reportFilename(data.incident, 'html') };
    },

    async reportPdf(actor: Principal, id: string): Promise<ReportFile<Buffer>> {
      const data = await reportData(actor, id);
      return { body: await incidentReportPdf(data), filename: reportFilename(data.incident, 'pdf') };
    },

    async lessons(actor: Principal, id: string): Promise<IncidentLessons> {
      requirePermission(actor, 'incidents.read');
      const incident = await visibleIncidentRef(store.db, actor.departments, id);
      if (!incident) throw new NotFoundError(`Incident '${id}' not found`);
      return lessonsOf(incident.id);
    },

    /** Replaces the lessons learned; audited, and noted on the case's timeline. */
    async setLessons(actor: Principal, id: string, input: unknown): Promise<IncidentLessons> {
      requirePermission(actor, 'incidents.manage');
      const request = UpdateIncidentLessons.parse(input);
      const incident = await visibleIncidentRef(store.db, actor.departments, id);
      if (!incident) throw new NotFoundError(`Incident '${id}' not found`);
      const at = now().toISOString();
      await audit.transact(actor, async (trx, record) => {
        await upsertLessons(trx, {
          incident_id: incident.id,
          text: request.text,
          updated_at: at,
          updated_by: actor.name,
        });
        record({
          action: 'incident.lessons.update',
          targetType: 'incident',
          targetId: incident.id,
          departmentId: incident.department_id,
          details: { ref: `INC-${incident.number}`, length: request.text.length },
          after: request.text,
        });
      });
      await incidents.addTimelineEntry(actor, incident.id, { kind: 'lessons', text: 'Lessons learned updated' });
      return lessonsOf(incident.id);
    },
  };
}

export type IncidentReportsService = ReturnType<typeof createIncidentReportsService>;
