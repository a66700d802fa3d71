import type { Control, PostureDirection, ResultStatus } from '@citysoc/core';
import { stringify } from 'csv-stringify/sync';
import type { PostureResult } from './posture.service.ts';

/**
 * What auditors take away from the Posture area: one row per control and target (the gaps, or every result),
 * with the framework references each control maps to, as CSV; and per-control pass counts for the Controls
 * page. Pure: the routes fetch the (department-scoped) results from the service.
 */

/** One line of the export: a gap (or a pass, when all results are asked for) with its references. */
export interface PostureExportRow {
  control: string;
  title: string;
  direction: PostureDirection;
  target_kind: 'asset' | 'department';
  target: string;
  department: string;
  status: ResultStatus;
  reason: string;
  since: string;
  iso27001: string;
  nist_csf: string;
  iec62443: string;
}

/** The CSV header, in column order; a parsed file's records have these keys. */
export const EXPORT_COLUMNS = [
  'control',
  'title',
  'direction',
  'target_kind',
  'target',
  'department',
  'status',
  'reason',
  'since',
  'iso27001',
  'nist_csf',
  'iec62443',
] as const satisfies readonly (keyof PostureExportRow)[];

/** Several references in one cell: `;` does not occur inside a reference (A.8.7, PR.PS-02, SR 3.2 RE(1)). */
const joinReferences = (references: readonly string[]): string => references.join('; ');

/** Results (or gaps, which are results) as export rows, in the order given, each with its control's framework references. */
export function exportRows(results: readonly PostureResult[], controls: readonly Control[]): PostureExportRow[] {
  const byId = new Map(controls.map((c) => [c.id, c]));
  return results.map((r) => {
    const references = byId.get(r.control)?.references;
    return {
      control: r.control,
      title: r.title,
      direction: r.direction,
      target_kind: r.target.kind,
      target: r.target.id,
      department: r.department,
      status: r.status,
      reason: r.reason,
      since: r.since,
      iso27001: joinReferences(references?.iso27001 ?? []),
      nist_csf: joinReferences(references?.nist_csf ?? []),
      iec62443: joinReferences(references?.iec62443 ?? []),
    };
  });
}

/**
 * The rows as RFC 4180 CSV (header line, CRLF line ends, fields with a comma, quote or line break quoted and
 * quotes doubled), with a UTF-8 byte order mark so spreadsheet programs read accented names right.
 * Reasons and asset names come from devices and inventory files, i.e. from outside: a cell that starts with
 * = + - @ tab or CR would run as a formula when an auditor opens the file, so such cells get a leading `'`
 * (csv-stringify's `escape_formulas`, OWASP's advice for CSV injection).
 */
export function postureCsv(rows: readonly PostureExportRow[]): string {
  return stringify(
    rows.map((row) => EXPORT_COLUMNS.map((column) => row[column])),
    {
      bom: true,
      header: true,
      columns: [...EXPORT_COLUMNS],
      record_delimiter: 'windows',
      escape_formulas: true,
    },
  );
}

/** How many targets of one control pass and fail, for the Controls page. */
export interface ControlSummary {
  control: string;
  pass: number;
  fail: number;
  stale: number;
  missing: number;
  total: number;
}

/** Pass/fail counts per control, every control of the catalogue listed (zero targets where none applies). */
export function summarizeControls(
  results: readonly { control: string; status: ResultStatus }[],
  controls: readonly Control[],
): ControlSummary[] {
  const counts = new Map<string, ControlSummary>(
    controls.map((c) => [c.id, { control: c.id, pass: 0, fail: 0, stale: 0, missing: 0, total: 0 }]),
  );
  for (const r of results) {
    const summary = counts.get(r.control);
    if (!summary) continue;
    summary[r.status]++;
    summary.total++;
  }
  return [...counts.values()];
}
