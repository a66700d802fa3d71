import { type Principal, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { DepartmentsService } from '../departments/index.ts';
import type { CityModelCache } from '../inventory/index.ts';
import { type ControlSummary, exportRows, postureCsv, summarizeControls } from './posture-export.ts';
import { posturePdf } from './posture-pdf.ts';
import type { PostureService } from './posture.service.ts';

export interface ExportRequest {
  /** One department's results only (it must be one of the actor's). */
  department?: string;
  /** `gaps` (default): the failing results; `all`: passing ones too. */
  results?: 'gaps' | 'all';
}

/** A file to send: its bytes or text, and the name to save it under. */
export interface ExportFile<T> {
  body: T;
  filename: string;
}

/**
 * The auditors' exports of the posture (CSV and PDF) and the per-control pass counts. Everything goes through
 * the posture service's `report` and `results`, so permission checks and department scoping are the JSON
 * API's: a department's reader exports only their department's gaps.
 */
export function createPostureExportService(deps: {
  posture: PostureService;
  departments: DepartmentsService;
  city: CityModelCache;
  now?: () => Date;
}) {
  const { posture } = deps;
  const now = deps.now ?? (() => new Date());

  // The department id is a real one by then (the report refused others), but a file name is a header value.
  const stamp = (request: ExportRequest): string =>
    `citysoc-posture-${now().toISOString().slice(0, 10)}${
      request.department === undefined ? '' : `-${request.department.replace(/[^A-Za-z0-9_-]/g, '_')}`
    }`;

  /** Names for the ids the (already scoped) report holds; the system principal only looks up names. */
  async function names() {
    const departments = new Map((await deps.departments.list(SYSTEM_PRINCIPAL)).map((d) => [d.id, d.name]));
    const model = await deps.city.current();
    return {
      departmentName: (id: string) => departments.get(id) ?? id,
      serviceName: (id: string) => model.services.get(id)?.name ?? id,
    };
  }

  return {
    async csv(actor: Principal, request: ExportRequest = {}): Promise<ExportFile<string>> {
      const filter = request.department === undefined ? {} : { department: request.department };
      const results =
        request.results === 'all' ? await posture.results(actor, filter) : (await posture.report(actor, filter)).gaps;
      return {
        body: postureCsv(exportRows(results, posture.controls(actor))),
        filename: `${stamp(request)}${request.results === 'all' ? '-results' : '-gaps'}.csv`,
      };
    },

    async pdf(actor: Principal, request: Omit<ExportRequest, 'results'> = {}): Promise<ExportFile<Buffer>> {
      const filter = request.department === undefined ? {} : { department: request.department };
      const report = await posture.report(actor, filter);
      const { departmentName, serviceName } = await names();
      const scope =
        request.department !== undefined
          ? departmentName(request.department)
          : actor.departments.all
            ? 'All departments'
            : report.departments.map((d) => departmentName(d.id)).join(', ');
      const body = await posturePdf({
        report,
        controls: posture.controls(actor),
        scope,
        departmentName,
        serviceName,
        generatedAt: now(),
      });
      return { body, filename: `${stamp(request)}.pdf` };
    },

    async controlSummary(actor: Principal, request: Omit<ExportRequest, 'results'> = {}): Promise<ControlSummary[]> {
      const filter = request.department === undefined ? {} : { department: request.department };
      return summarizeControls(await posture.results(actor, filter), posture.controls(actor));
    },
  };
}

export type PostureExportService = ReturnType<typeof createPostureExportService>;
