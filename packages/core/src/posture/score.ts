import { type Control, PostureDirection } from './control.ts';
import type { ControlResult, ResultStatus } from './evaluate.ts';

export type DirectionScores = Record<PostureDirection, number | null>;

/** 0–100, the weighted share of passing results; null where no control applies. */
export interface PostureScore {
  score: number | null;
  directions: DirectionScores;
  /** Results counted, and how many pass. */
  results: number;
  passing: number;
}

export interface PostureGap {
  control: string;
  title: string;
  direction: PostureDirection;
  target: { kind: 'asset' | 'department'; id: string };
  department: string;
  status: Exclude<ResultStatus, 'pass'>;
  reason: string;
  since: string;
}

/** What `GET /api/posture` and `citysoc posture --json` return. */
export interface PostureReport {
  evaluated_at: string;
  city: PostureScore;
  departments: (PostureScore & { id: string })[];
  services: (PostureScore & { id: string })[];
  gaps: PostureGap[];
}

const share = (pass: number, total: number): number | null =>
  total === 0 ? null : Math.round((1000 * pass) / total) / 10;

/** The weighted score of a set of results, overall and per direction. */
export function scoreResults(results: Iterable<ControlResult>): PostureScore {
  const total = new Map<PostureDirection, number>();
  const passed = new Map<PostureDirection, number>();
  let count = 0;
  let passing = 0;
  for (const r of results) {
    count++;
    total.set(r.direction, (total.get(r.direction) ?? 0) + r.weight);
    if (r.status === 'pass') {
      passing++;
      passed.set(r.direction, (passed.get(r.direction) ?? 0) + r.weight);
    }
  }
  const directions = Object.fromEntries(
    PostureDirection.options.map((d) => [d, share(passed.get(d) ?? 0, total.get(d) ?? 0)]),
  ) as DirectionScores;
  const sum = (m: Map<PostureDirection, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return { score: share(sum(passed), sum(total)), directions, results: count, passing };
}

/**
 * Rolls results up: a department's score pools the results of its assets and its department-level controls;
 * a service's pools the results of the assets it depends on (directly or through other assets), whatever their
 * department, because a service is only as protected as what it runs on; the city pools everything. Gaps are
 * the failing results, longest-standing first.
 */
export function postureReport(
  results: readonly ControlResult[],
  context: {
    controls: readonly Control[];
    departments: readonly string[];
    servicesOf: ReadonlyMap<string, readonly string[]>;
    now: number;
  },
): PostureReport {
  const byDepartment = new Map<string, ControlResult[]>(context.departments.map((d) => [d, []]));
  const byService = new Map<string, ControlResult[]>();
  for (const r of results) {
    byDepartment.get(r.department)?.push(r);
    if (r.target.kind !== 'asset') continue;
    for (const service of context.servicesOf.get(r.target.id) ?? []) {
      let list = byService.get(service);
      if (!list) byService.set(service, (list = []));
      list.push(r);
    }
  }
  const titles = new Map(context.controls.map((c) => [c.id, c.title]));
  const gaps: PostureGap[] = results
    .filter((r): r is ControlResult & { status: PostureGap['status'] } => r.status !== 'pass')
    .map((r) => ({
      control: r.control,
      title: titles.get(r.control) ?? r.control,
      direction: r.direction,
      target: r.target,
      department: r.department,
      status: r.status,
      reason: r.reason,
      since: r.since,
    }))
    .sort(
      (a, b) =>
        a.since.localeCompare(b.since) || a.control.localeCompare(b.control) || a.target.id.localeCompare(b.target.id),
    );
  return {
    evaluated_at: new Date(context.now).toISOString(),
    city: scoreResults(results),
    departments: [...byDepartment].map(([id, list]) => ({ id, ...scoreResults(list) })),
    services: [...byService]
      .map(([id, list]) => ({ id, ...scoreResults(list) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    gaps,
  };
}
